using System.ComponentModel.DataAnnotations;

namespace AsnCat.Server.Exam;

/// <summary>The <c>Exam</c> section.</summary>
public sealed class ExamOptions
{
    public const string Section = "Exam";

    /// <summary>The key PINs and terminal tokens are hashed with; empty: <c>data/pin.key</c> under the content root.</summary>
    public string? PinKeyFile { get; set; }

    /// <summary>The folder of blueprints and threshold sets; empty: the shipped <c>rules/</c>.</summary>
    public string? RulesRoot { get; set; }

    /// <summary>How long a participant number is locked after too many wrong PINs.</summary>
    [Range(1, 24 * 60)]
    public int PinLockoutMinutes { get; set; } = 5;

    /// <summary>Ends attempts at their deadline (the 1 s local sweep and the per-minute job); off only for tests that drive time themselves.</summary>
    public bool DeadlineSweep { get; set; } = true;

    public string ResolvePinKeyFile(string contentRoot) =>
        string.IsNullOrEmpty(PinKeyFile) ? Path.Combine(contentRoot, "data", "pin.key") : PinKeyFile;
}
