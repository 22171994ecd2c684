using Microsoft.Extensions.Time.Testing;

namespace AsnCat.Server.Tests.Hosts;

/// <summary>
/// A test class with a real server of its own (<see cref="KestrelHost"/>) on a fake clock: started
/// in a fresh folder before each test, stopped and the folder removed after it.
/// </summary>
public abstract class KestrelHostTest(FakeTimeProvider? time = null, bool deadlineSweep = true, bool recordHubFrames = true) : IAsyncLifetime
{
    private protected TempDir Dir { get; } = new();

    protected FakeTimeProvider Time { get; } = time ?? new FakeTimeProvider(KestrelHost.T0);

    private protected KestrelHost Host { get; set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        Host = KestrelHost.Start(Dir, Time, deadlineSweep, recordHubFrames);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }
}
