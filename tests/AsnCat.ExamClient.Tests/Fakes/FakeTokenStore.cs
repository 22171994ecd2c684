using AsnCat.ExamClient.Terminal;

namespace AsnCat.ExamClient.Tests.Fakes;

/// <summary>The browser's local storage, in memory.</summary>
public sealed class FakeTokenStore : ITerminalTokenStore
{
    public SavedTerminal? Saved { get; set; }

    /// <summary>Tells whether the caller is on the renderer's synchronization context (JS interop must be).</summary>
    public Func<bool> OnDispatcher { get; set; } = () => true;

    /// <summary>Writes made from another thread: must stay empty.</summary>
    public List<string> OffDispatcherWrites { get; } = [];

    public ValueTask<SavedTerminal?> LoadAsync() => ValueTask.FromResult(Saved);

    public ValueTask SaveAsync(SavedTerminal saved)
    {
        Check(nameof(SaveAsync));
        Saved = saved;
        return ValueTask.CompletedTask;
    }

    public ValueTask ClearAsync()
    {
        Check(nameof(ClearAsync));
        Saved = null;
        return ValueTask.CompletedTask;
    }

    private void Check(string write)
    {
        if (!OnDispatcher())
        {
            OffDispatcherWrites.Add(write);
        }
    }

    public ValueTask<string> TerminalNameAsync() => ValueTask.FromResult("terminal-uji");
}
