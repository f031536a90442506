using System.Diagnostics;
using Xunit.Abstractions;

namespace Ruchy.Tests.Jupyter;

/// <summary>
/// Prints the client-observed latency of a <c>1 + 1</c> execute (request sent to idle status
/// received) through the in-process Jupyter server. It only reports: timing asserts would be flaky
/// on a shared CI machine. See the figure with
/// <c>dotnet test --filter FullyQualifiedName~JupyterRoundTripMeasurement --logger "console;verbosity=detailed"</c>.
/// </summary>
public class JupyterRoundTripMeasurement(ITestOutputHelper output)
{
    [Fact]
    public void Execute_one_plus_one_round_trip()
    {
        const int warmup = 20, samples = 200;
        using var client = JupyterTestClient.StartInProcess();
        var times = new double[samples];
        for (int i = 0; i < warmup + samples; i++)
        {
            long start = Stopwatch.GetTimestamp();
            var (reply, _) = client.Run("1 + 1");
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Assert.Equal("ok", reply.Content.GetProperty("status").GetString());
            if (i >= warmup) times[i - warmup] = ms;
        }
        Array.Sort(times);
        string line = $"jupyter execute 1 + 1 round trip: median {times[samples / 2]:F3} ms, p10 {times[samples / 10]:F3} ms, p90 {times[samples * 9 / 10]:F3} ms, min {times[0]:F3} ms ({samples} samples after {warmup} warm-up)";
        output.WriteLine(line);
        Console.Error.WriteLine(line);

        // The same cell straight on a session, so the protocol's share of the round trip is visible.
        var session = new Ruchy.Notebook.NotebookSession();
        var sink = new Ruchy.Notebook.RecordingOutput();
        for (int i = 0; i < warmup + samples; i++)
        {
            long start = Stopwatch.GetTimestamp();
            session.Execute("1 + 1", sink);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= warmup) times[i - warmup] = ms;
        }
        Array.Sort(times);
        line = $"NotebookSession.Execute 1 + 1 alone: median {times[samples / 2]:F3} ms ({samples} samples after {warmup} warm-up)";
        output.WriteLine(line);
        Console.Error.WriteLine(line);
    }
}
