using DataSpace.Cli;

return await DscCommand.RunAsync(args).ConfigureAwait(false);
