namespace DataSpace.Sandbox.Plans;

/// <summary>A plan was refused: <see cref="Path"/> is the JSON path of the problem (<c>$.measures[0].upper</c>).</summary>
public sealed class PlanException : Exception
{
    public PlanException()
    {
        Path = "$";
    }

    public PlanException(string message)
        : base(message)
    {
        Path = "$";
    }

    public PlanException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "$";
    }

    public PlanException(string path, string problem, Exception? innerException = null)
        : base($"{path}: {problem}", innerException)
    {
        Path = path;
    }

    public string Path { get; }
}
