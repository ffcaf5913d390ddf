// Appends to a transparency log from many concurrent writers until it is killed, printing
// "ack <index> <resource>" for every acknowledged append. The crash test kills it with SIGKILL.
using System.Globalization;
using DataSpace.Crypto.Log;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: crash-child LOG_DIR WRITERS RUN_ID");
    return 2;
}

var writers = int.Parse(args[1], CultureInfo.InvariantCulture);
var run = args[2];
var log = TransparencyLog.Open(new LogOptions { Directory = args[0], DerivedSyncInterval = TimeSpan.FromMilliseconds(50) });
var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
var gate = new object();
Console.Error.WriteLine($"opened {log.Head.Size}");

var tasks = Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
{
    for (var seq = 0; ; seq++)
    {
        var resource = $"{run}/{writer}/{seq}";
        var index = await log.AppendAsync(new LogEntry
        {
            When = DateTimeOffset.UnixEpoch,
            Actor = "crash-test",
            Action = "test.append",
            Resource = resource,
        });
        lock (gate)
        {
            output.Write(string.Create(CultureInfo.InvariantCulture, $"ack {index} {resource}\n"));
            output.Flush();
        }
    }
})).ToArray();

await Task.WhenAll(tasks);
return 0;
