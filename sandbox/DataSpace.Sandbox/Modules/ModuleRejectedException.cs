namespace DataSpace.Sandbox.Modules;

/// <summary>A submitted module was refused; the message names what is wrong (an import, an export, the size).</summary>
public sealed class ModuleRejectedException : Exception
{
    public ModuleRejectedException()
    {
    }

    public ModuleRejectedException(string message)
        : base(message)
    {
    }

    public ModuleRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
