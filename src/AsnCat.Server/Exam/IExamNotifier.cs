using AsnCat.Contracts.Exam;

namespace AsnCat.Server.Exam;

/// <summary>Pushes to the terminals of an attempt or a session (implemented over the exam hub).</summary>
public interface IExamNotifier
{
    Task AttemptEndedAsync(int attemptId, ExamResult result);

    Task ClockChangedAsync(int attemptId, ClockView clock);

    Task TerminalReleasedAsync(int attemptId, string reason);

    /// <summary>Another connection took the attempt over: the old one leaves the attempt's pushes and is told why.</summary>
    Task TakenOverAsync(int attemptId, string connectionId, string reason);
}
