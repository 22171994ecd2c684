namespace AsnCat.ExamClient.Components.Exam;

/// <summary>What a key does on the exam screen.</summary>
internal enum Shortcut
{
    Previous,
    Next,
    Doubtful,
    Option,
}
