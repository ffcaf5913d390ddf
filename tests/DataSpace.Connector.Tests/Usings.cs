namespace DataSpace.Connector.Tests;
