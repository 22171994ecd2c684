using AsnCat.Contracts.Exam;

namespace AsnCat.ExamClient.Terminal;

/// <summary>Font size and contrast: the candidate's choice, starting from their accommodations.</summary>
public sealed partial class ExamTerminal
{
    /// <summary>Font sizes offered: 0 (normal) .. <see cref="FontSteps"/> - 1.</summary>
    public const int FontSteps = 4;

    /// <summary>Where a candidate with the large-font accommodation starts.</summary>
    public const int LargeFontStep = 2;

    private bool displaySet;

    public int FontStep { get; private set; }

    public bool HighContrast { get; private set; }

    public void LargerFont() => SetFont(FontStep + 1);

    public void SmallerFont() => SetFont(FontStep - 1);

    public void ToggleContrast()
    {
        lock (sync)
        {
            HighContrast = !HighContrast;
        }
        Raise();
    }

    private void SetFont(int step)
    {
        lock (sync)
        {
            FontStep = Math.Clamp(step, 0, FontSteps - 1);
        }
        Raise();
    }

    /// <summary>Once per candidate: the accommodations decide the starting font size.</summary>
    private void ApplyCandidateDisplay(CandidateView candidate)
    {
        if (displaySet)
        {
            return;
        }
        displaySet = true;
        FontStep = candidate.LargeFont ? LargeFontStep : 0;
    }
}
