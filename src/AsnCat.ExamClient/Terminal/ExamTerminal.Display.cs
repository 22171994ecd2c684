using AsnCat.Contracts.Exam;

namespace AsnCat.ExamClient.Terminal;

/// <summary>
/// Font size, contrast and the question on screen: the candidate's choice, kept with the attempt
/// on the server (<see cref="IExamHub.SaveDisplay"/>) so a reload or another terminal shows the
/// exam as the candidate left it; a first login starts from the accommodations.
/// </summary>
public sealed partial class ExamTerminal
{
    /// <summary>Font sizes offered: 0 (normal) .. <see cref="FontSteps"/> - 1.</summary>
    public const int FontSteps = ExamHub.FontSteps;

    /// <summary>Where a candidate with the large-font accommodation starts.</summary>
    public const int LargeFontStep = 2;

    private bool displaySet;

    /// <summary>What the server holds (from the exam view, then from each acknowledged save); null: nothing yet.</summary>
    private DisplayView? displayStored;

    /// <summary>What a candidate starts with: nothing to save while it stays so (no write per candidate at the start).</summary>
    private DisplayView? DisplayStoredOrStart() => displayStored
        ?? (questions.Count == 0 ? null : new DisplayView(Candidate?.LargeFont == true ? LargeFontStep : 0, false, questions[0].Position));

    private bool displaySending;

    public int FontStep { get; private set; }

    public bool HighContrast { get; private set; }

    public Task LargerFontAsync() => SetDisplayAsync(FontStep + 1, HighContrast);

    public Task SmallerFontAsync() => SetDisplayAsync(FontStep - 1, HighContrast);

    public Task ToggleContrastAsync() => SetDisplayAsync(FontStep, !HighContrast);

    private Task SetDisplayAsync(int step, bool contrast)
    {
        lock (sync)
        {
            FontStep = Math.Clamp(step, 0, FontSteps - 1);
            HighContrast = contrast;
        }
        Raise();
        return SaveDisplayAsync();
    }

    /// <summary>
    /// Once per candidate and page: what the server kept (display and the question last on
    /// screen), else the accommodations. Call after <see cref="indexOfPosition"/> is built.
    /// </summary>
    private void ApplyCandidateDisplay(ExamView view)
    {
        if (displaySet)
        {
            return;
        }
        displaySet = true;
        displayStored = view.Display;
        if (view.Display is { } kept)
        {
            FontStep = Math.Clamp(kept.FontStep, 0, FontSteps - 1);
            HighContrast = kept.HighContrast;
            if (indexOfPosition.TryGetValue(kept.Position, out var index))
            {
                currentIndex = index;
            }
            return;
        }
        FontStep = view.Candidate.LargeFont ? LargeFontStep : 0;
        HighContrast = false;
    }

    /// <summary>What the server should hold now, or null when there is nothing to show yet.</summary>
    private DisplayView? DisplayNow() =>
        attached && currentIndex < questions.Count ? new DisplayView(FontStep, HighContrast, questions[currentIndex].Position) : null;

    /// <summary>
    /// Sends the display when it differs from what the server holds: one call at a time, the
    /// latest state wins. A failure is left for the next change or re-attach to send again.
    /// </summary>
    private async Task SaveDisplayAsync()
    {
        DisplayView? wanted;
        lock (sync)
        {
            wanted = DisplayNow();
            if (displaySending || wanted is null || wanted == DisplayStoredOrStart())
            {
                return;
            }
            displaySending = true;
        }
        try
        {
            while (wanted is not null)
            {
                var reply = await transport.SaveDisplay(new DisplayRequest(wanted.FontStep, wanted.HighContrast, wanted.Position));
                lock (sync)
                {
                    if (!reply.Ok)
                    {
                        return;
                    }
                    displayStored = wanted;
                    wanted = DisplayNow();
                    wanted = wanted == displayStored ? null : wanted;
                }
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogCallFailed(logger, nameof(IExamHub.SaveDisplay), error);
        }
        finally
        {
            lock (sync)
            {
                displaySending = false;
            }
        }
    }
}
