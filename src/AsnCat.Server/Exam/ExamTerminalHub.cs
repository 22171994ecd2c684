using AsnCat.Contracts.Exam;
using AsnCat.Server.Network;
using Microsoft.AspNetCore.SignalR;
namespace AsnCat.Server.Exam;

/// <summary>
/// The one authority every terminal talks to (<see cref="ExamHub.Path"/>; docs/protocol.md). No
/// state here: the attempt a connection holds lives in the connection's items after a successful
/// login or re-attach; a call never names an attempt, so no call can reach another candidate's
/// attempt. Every method answers with a reply: a malformed request (<see cref="StrictRequests"/>)
/// is refused with <see cref="ExamError.InvalidRequest"/> before anything else looks at it.
/// </summary>
public sealed class ExamTerminalHub(ExamService exam, AttemptHolders holders, ITerminalPresence monitor) : Hub<IExamClient>, IExamHub
{
    private const string BindingKey = "asncat.binding";

    public async Task<LoginReply> Login(LoginRequest request)
    {
        if (StrictRequests.Problem(request, nameof(Login)) is { } problem)
        {
            return LoginReply.Refused(ExamError.InvalidRequest, problem);
        }
        var (reply, binding) = await exam.LoginAsync(request, Caller());
        await BindAsync(binding, reply.Exam?.Phase == ExamPhase.Finished);
        return reply;
    }

    public async Task<LoginReply> Reattach(ResumeRequest request)
    {
        if (StrictRequests.Problem(request, nameof(Reattach)) is { } problem)
        {
            return LoginReply.Refused(ExamError.InvalidRequest, problem);
        }
        var (reply, binding) = await exam.ReattachAsync(request, Caller());
        await BindAsync(binding, reply.Exam?.Phase == ExamPhase.Finished);
        return reply;
    }

    public Task<SaveReply> SaveAnswer(SaveAnswerRequest request) =>
        StrictRequests.Problem(request, nameof(SaveAnswer)) is { } problem
            ? Task.FromResult(ExamReplies.Save(ExamError.InvalidRequest, problem))
            : exam.SaveAnswerAsync(Binding(), request, Caller());

    public Task<SaveReply> MarkDoubtful(MarkDoubtfulRequest request) =>
        StrictRequests.Problem(request, nameof(MarkDoubtful)) is { } problem
            ? Task.FromResult(ExamReplies.Save(ExamError.InvalidRequest, problem))
            : exam.MarkDoubtfulAsync(Binding(), request, Caller());

    public Task<FinishReply> Finish(FinishRequest request) =>
        StrictRequests.Problem(request, nameof(Finish)) is { } problem
            ? Task.FromResult(new FinishReply(false, ExamError.InvalidRequest, problem, null))
            : exam.FinishAsync(Binding(), request, Caller());

    public Task<ClockReply> Clock() => exam.ClockAsync(Binding(), Caller());

    public Task<DisplayReply> SaveDisplay(DisplayRequest request) =>
        StrictRequests.Problem(request, nameof(SaveDisplay)) is { } problem
            ? Task.FromResult(new DisplayReply(false, ExamError.InvalidRequest, problem))
            : exam.SaveDisplayAsync(Binding(), request, Caller());

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Binding() is { } binding)
        {
            holders.Left(binding.AttemptId, Context.ConnectionId);
            monitor.Disconnected(binding.AttemptId, binding.SessionId, Context.ConnectionId);
        }
        return base.OnDisconnectedAsync(exception);
    }

    private TerminalBinding? Binding() => Context.Items.TryGetValue(BindingKey, out var b) ? b as TerminalBinding : null;

    private Caller Caller() => new(Context.ConnectionId, Context.GetHttpContext().ClientAddress());

    /// <param name="finished">The attempt has already ended (a terminal showing the result): its presence goes with its last connection.</param>
    private async Task BindAsync(TerminalBinding? binding, bool finished)
    {
        if (Binding() is { } old && (binding is null || old.AttemptId != binding.AttemptId))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, ExamGroups.Attempt(old.AttemptId));
            Context.Items.Remove(BindingKey);
            holders.Left(old.AttemptId, Context.ConnectionId);
            monitor.Disconnected(old.AttemptId, old.SessionId, Context.ConnectionId);
        }
        if (binding is not null)
        {
            Context.Items[BindingKey] = binding;
            await Groups.AddToGroupAsync(Context.ConnectionId, ExamGroups.Attempt(binding.AttemptId));
            monitor.Connected(binding.AttemptId, binding.SessionId, Context.ConnectionId, finished);
        }
    }
}
