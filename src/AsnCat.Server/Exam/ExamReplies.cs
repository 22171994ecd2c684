using AsnCat.Contracts.Exam;
namespace AsnCat.Server.Exam;

/// <summary>A refusal as each exam hub method's reply (the guard refuses in the hub's own terms, never with an exception).</summary>
public static class ExamReplies
{
    public static SaveReply Save(ExamError error, string message) => new(false, false, 0, error, message, null);

    /// <summary>The refusal <paramref name="method"/> answers with; null for a name that is not the hub's.</summary>
    public static IExamReply? Refused(string method, ExamError error, string message) => method switch
    {
        nameof(IExamHub.Login) or nameof(IExamHub.Reattach) => LoginReply.Refused(error, message),
        nameof(IExamHub.SaveAnswer) or nameof(IExamHub.MarkDoubtful) => Save(error, message),
        nameof(IExamHub.Finish) => new FinishReply(false, error, message, null),
        nameof(IExamHub.Clock) => new ClockReply(false, error, message, null),
        nameof(IExamHub.SaveDisplay) => new DisplayReply(false, error, message),
        _ => null,
    };
}
