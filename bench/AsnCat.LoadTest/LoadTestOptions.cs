namespace AsnCat.LoadTest;

/// <summary>One run's settings (see <c>bench/loadtest.sh --help</c>).</summary>
public sealed record LoadTestOptions(
    int Terminals,
    TimeSpan Interval,
    TimeSpan Duration,
    TimeSpan ClosedLoop,
    TimeSpan P99Target,
    TimeSpan EchoPaced,
    int Observers,
    string ServerDll)
{
    /// <summary>HTTP pollers of the public live state through the nginx micro-cache (0: none).</summary>
    public int Pollers { get; init; }

    /// <summary>Time between two requests of one poller.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>What the pollers accept: <c>br</c>, <c>gzip</c> or <c>identity</c> (<see cref="PollerProcess.Encodings"/>).</summary>
    public string PollEncoding { get; init; } = "br";

    /// <summary>The server's <c>Live:MaxObservers</c>; 0 leaves its default.</summary>
    public int MaxObservers { get; init; }

    /// <summary>The server's <c>Live:PushInterval</c>; zero leaves its default.</summary>
    public TimeSpan PushInterval { get; init; }

    /// <summary>Environment variables of the generator's whose name starts so are given to the server without the prefix.</summary>
    public const string ServerEnvironmentPrefix = "ASNCAT_SERVER_";

    /// <summary>The server's settings this run changes (environment variables).</summary>
    public Dictionary<string, string> ServerSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (MaxObservers > 0)
        {
            settings["Live__MaxObservers"] = MaxObservers.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (PushInterval > TimeSpan.Zero)
        {
            settings["Live__PushInterval"] = PushInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }
        // any other setting or runtime knob for the server alone (not the generator), e.g.
        // ASNCAT_SERVER_DOTNET_gcServer=1 or ASNCAT_SERVER_Live__SendBufferBytes=16384
        foreach (var (name, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => ((string)e.Key, (string?)e.Value ?? "")))
        {
            if (name.StartsWith(ServerEnvironmentPrefix, StringComparison.Ordinal) && name.Length > ServerEnvironmentPrefix.Length)
            {
                settings[name[ServerEnvironmentPrefix.Length..]] = value;
            }
        }
        return settings;
    }

    /// <summary>Share of paced actions that are a doubtful mark instead of an answer.</summary>
    public const double DoubtfulShare = 0.1;

    /// <summary>Share of paced answers that clear the position (a null slot).</summary>
    public const double ClearShare = 0.05;

    /// <summary>How long the storage yardstick (raw SQLite batched inserts) runs.</summary>
    public static readonly TimeSpan SqliteYardstickTime = TimeSpan.FromSeconds(3);

    /// <summary>A call not answered within this is counted as a timeout (its outcome is then unknown).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The server built beside this program: src/AsnCat.Server/bin/&lt;same configuration&gt;/net10.0.</summary>
    public static string DefaultServerDll()
    {
        // <repo>/bench/AsnCat.LoadTest/bin/<configuration>/<tfm>/
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var tfm = output.Name;
        var configuration = output.Parent?.Name ?? "Release";
        for (var dir = output; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AsnCat.sln")))
            {
                return Path.Combine(dir.FullName, "src", "AsnCat.Server", "bin", configuration, tfm, "AsnCat.Server.dll");
            }
        }
        throw new FileNotFoundException("AsnCat.sln not found above " + AppContext.BaseDirectory + "; pass --server");
    }
}
