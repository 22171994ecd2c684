using System.CommandLine;
using AsnCat.LoadTest;

// `echo-server` is this program started again as a child: the bare SignalR echo hub (the yardstick).
if (args is [EchoServer.Verb, ..])
{
    return await EchoServer.RunAsync(args[1..]);
}

// `observers` is this program started again as a child: the venue run's observers, in a process of their own.
if (args is [ObserverProcess.Verb, ..])
{
    return await ObserverProcess.RunAsync(args[1..]);
}

// `centre-seed`: an ended session and an admin in the centre's PostgreSQL (bench/cluster.sh).
if (args is [CentreSeed.Verb, ..])
{
    return await CentreSeed.RunAsync(args[1..]);
}

// `national`: the national run (bench/national.sh): a centre of several nodes and three venues, one with its line cut.
if (args is [AsnCat.LoadTest.National.NationalRun.Verb, ..])
{
    return await AsnCat.LoadTest.National.NationalRun.RunAsync(args[1..]);
}

// `pollers` is this program started again as a child: the HTTP pollers of the public live state, in a process of their own.
if (args is [PollerProcess.Verb, ..])
{
    return await PollerProcess.RunAsync(args[1..]);
}

// `faults`: the fault runner (bench/faults.sh; see README, "Faults").
if (args is ["faults", ..])
{
    return await AsnCat.LoadTest.Faults.FaultRun.RunAsync(args[1..]);
}

var terminals = new Option<int>("--terminals") { Description = "Simulated terminals (one SignalR connection each)", DefaultValueFactory = _ => 200 };
var interval = new Option<double>("--interval") { Description = "Seconds between two answers of one terminal (paced phase)", DefaultValueFactory = _ => 5 };
var duration = new Option<int>("--duration") { Description = "Seconds of the paced phase", DefaultValueFactory = _ => 60 };
var closedLoop = new Option<int>("--closed-loop-seconds") { Description = "Seconds of each closed-loop phase (ours, then the echo hub); 0 skips both", DefaultValueFactory = _ => 10 };
var p99Target = new Option<int>("--p99-target-ms") { Description = "Paced ack p99 the run is judged against", DefaultValueFactory = _ => 250 };
var echoPaced = new Option<int>("--echo-paced-seconds") { Description = "Seconds of a paced phase against the echo hub too (same N and interval): what SignalR and the generator alone add to the ack latency; 0 skips it", DefaultValueFactory = _ => 0 };
var observers = new Option<int>("--observers") { Description = "Public live hub connections watching the session's board during the paced phase (staleness, server memory); 0: none", DefaultValueFactory = _ => 0 };
var pollers = new Option<int>("--pollers") { Description = "Simulated HTTP pollers of the session's public live state (GET with If-None-Match every --poll-interval s) through a private nginx micro-cache, from their own process; 0: none", DefaultValueFactory = _ => 0 };
var pollInterval = new Option<double>("--poll-interval") { Description = "Seconds between two requests of one poller", DefaultValueFactory = _ => 2 };
var pollEncoding = new Option<string>("--poll-encoding") { Description = "The Accept-Encoding of the pollers: br, gzip or identity (none sent); the bodies stay as received until the run is over", DefaultValueFactory = _ => "br" };
pollEncoding.AcceptOnlyFromAmong([.. PollerProcess.Encodings]);
var maxObservers = new Option<int>("--max-observers") { Description = "The server's Live:MaxObservers (observers beyond it are refused); 0: the server's default", DefaultValueFactory = _ => 0 };
var pushInterval = new Option<double>("--push-interval") { Description = "The server's Live:PushInterval in seconds; 0: the server's default", DefaultValueFactory = _ => 0 };
var live = new Option<bool>("--live") { Description = "The live results run instead: --observers watch while --terminals answer positions in order (every --interval for --duration s) and then finish; prints staleness, server memory per observer and whether every observer's final board equals the stored results" };
var server = new Option<FileInfo?>("--server") { Description = "AsnCat.Server.dll to start (default: src/AsnCat.Server/bin/<configuration>/net10.0 of this checkout)" };

var root = new RootCommand("AsnCat load test: N simulated terminals over the real exam hub on loopback, then the same N against a bare SignalR echo hub.");
root.Options.Add(terminals);
root.Options.Add(interval);
root.Options.Add(duration);
root.Options.Add(closedLoop);
root.Options.Add(p99Target);
root.Options.Add(echoPaced);
root.Options.Add(observers);
root.Options.Add(pollers);
root.Options.Add(pollInterval);
root.Options.Add(pollEncoding);
root.Options.Add(maxObservers);
root.Options.Add(pushInterval);
root.Options.Add(live);
var soak = new Option<bool>("--soak") { Description = "The soak run instead: --terminals go through a whole exam in --duration seconds while --observers watch; then the server must hold no connection and its live heap must be back at the baseline" };
root.Options.Add(soak);
var protocol = new Option<string>("--protocol") { Description = "The exam hub's protocol for every connection: messagepack (as the .NET terminal) or json (as other-language clients); the echo hub speaks the same", DefaultValueFactory = _ => "messagepack" };
protocol.AcceptOnlyFromAmong("messagepack", "json");
root.Options.Add(protocol);
root.Options.Add(server);
root.SetAction(async (parse, ct) =>
{
    if (parse.GetValue(terminals) < 1 || parse.GetValue(interval) <= 0 || parse.GetValue(duration) < 1 || parse.GetValue(closedLoop) < 0 || parse.GetValue(echoPaced) < 0)
    {
        await Console.Error.WriteLineAsync("need --terminals >= 1, --interval > 0, --duration >= 1, --closed-loop-seconds >= 0, --echo-paced-seconds >= 0");
        return 2;
    }
    if (parse.GetValue(observers) < 0 || parse.GetValue(pollers) < 0 || parse.GetValue(pollInterval) <= 0 || parse.GetValue(maxObservers) < 0
        || parse.GetValue(pushInterval) is < 0 or (> 0 and < 0.1))
    {
        await Console.Error.WriteLineAsync("need --observers >= 0, --pollers >= 0, --poll-interval > 0, --max-observers >= 0, --push-interval 0 or >= 0.1");
        return 2;
    }
    Connections.UseJson = parse.GetValue(protocol) == "json";
    if (parse.GetValue(soak))
    {
        return await SoakRun.RunAsync(parse.GetValue(terminals), parse.GetValue(observers), TimeSpan.FromSeconds(parse.GetValue(duration)),
            parse.GetValue(server)?.FullName ?? LoadTestOptions.DefaultServerDll(), Console.Out, ct);
    }
    if (parse.GetValue(live))
    {
        if (parse.GetValue(observers) < 1)
        {
            await Console.Error.WriteLineAsync("--live needs --observers >= 1");
            return 2;
        }
        return await ObserverRun.RunAsync(parse.GetValue(terminals), parse.GetValue(observers), TimeSpan.FromSeconds(parse.GetValue(interval)),
            TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(server)?.FullName ?? LoadTestOptions.DefaultServerDll(), Console.Out, ct);
    }
    var options = new LoadTestOptions(
        parse.GetValue(terminals),
        TimeSpan.FromSeconds(parse.GetValue(interval)),
        TimeSpan.FromSeconds(parse.GetValue(duration)),
        TimeSpan.FromSeconds(parse.GetValue(closedLoop)),
        TimeSpan.FromMilliseconds(parse.GetValue(p99Target)),
        TimeSpan.FromSeconds(parse.GetValue(echoPaced)),
        parse.GetValue(observers),
        parse.GetValue(server)?.FullName ?? LoadTestOptions.DefaultServerDll())
    {
        Pollers = parse.GetValue(pollers),
        PollInterval = TimeSpan.FromSeconds(parse.GetValue(pollInterval)),
        PollEncoding = parse.GetValue(pollEncoding)!,
        MaxObservers = parse.GetValue(maxObservers),
        PushInterval = TimeSpan.FromSeconds(parse.GetValue(pushInterval)),
    };
    return await LoadTestRun.RunAsync(options, Console.Out, ct);
});
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
