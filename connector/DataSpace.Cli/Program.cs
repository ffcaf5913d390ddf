using DataSpace.Cli;

return await DscCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
