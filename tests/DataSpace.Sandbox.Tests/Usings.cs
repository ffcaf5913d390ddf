namespace DataSpace.Sandbox.Tests;
