using AsnCat.ExamClient.Terminal;
using Microsoft.AspNetCore.Components;

namespace AsnCat.ExamClient.Components;

/// <summary>
/// A component that shows the terminal's state: re-renders when it changes (and every second
/// when <see cref="FollowsClock"/>), marshalled onto the renderer, and unsubscribes on dispose.
/// </summary>
public abstract class TerminalComponent : ComponentBase, IDisposable
{
    [Inject]
    protected ExamTerminal Terminal { get; set; } = default!;

    /// <summary>Re-render on every tick of the clock (countdowns).</summary>
    protected virtual bool FollowsClock => false;

    protected override void OnInitialized()
    {
        Terminal.Changed += Refresh;
        if (FollowsClock)
        {
            Terminal.Ticked += Refresh;
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Terminal.Changed -= Refresh;
            Terminal.Ticked -= Refresh;
        }
    }

    private void Refresh() => _ = InvokeAsync(StateHasChanged);
}
