using AsnCat.Contracts.Exam;
using AsnCat.Server.Data;
using AsnCat.Server.Identity;
using Microsoft.AspNetCore.SignalR;
namespace AsnCat.Server.Exam;

/// <summary>
/// The one authority every terminal talks to (<see cref="ExamHub.Path"/>). No state here: the
/// attempt a connection holds lives in the connection's items after a successful login or
/// reattach; a call never names an attempt, so no call can reach another candidate's attempt.
/// </summary>
public sealed class ExamTerminalHub(ExamService exam, ITerminalPresence monitor) : Hub<IExamClient>, IExamHub
{
    private const string BindingKey = "asncat.binding";

    public async Task<LoginReply> Login(LoginRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (reply, binding) = await exam.LoginAsync(request, Caller());
        await BindAsync(binding, reply.Exam?.Phase == ExamPhase.Finished);
        return reply;
    }

    public async Task<LoginReply> Reattach(ResumeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (reply, binding) = await exam.ReattachAsync(request, Caller());
        await BindAsync(binding, reply.Exam?.Phase == ExamPhase.Finished);
        return reply;
    }

    public Task<SaveReply> SaveAnswer(SaveAnswerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return exam.SaveAnswerAsync(Binding(), request, Caller());
    }

    public Task<SaveReply> MarkDoubtful(MarkDoubtfulRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return exam.MarkDoubtfulAsync(Binding(), request, Caller());
    }

    public Task<FinishReply> Finish(FinishRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return exam.FinishAsync(Binding(), request, Caller());
    }

    public async Task<ClockView> Clock() =>
        await exam.ClockAsync(Binding()) ?? throw new HubException("Terminal belum masuk.");

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Binding() is { } binding)
        {
            monitor.Disconnected(binding.AttemptId, binding.SessionId, Context.ConnectionId);
        }
        return base.OnDisconnectedAsync(exception);
    }

    private TerminalBinding? Binding() => Context.Items.TryGetValue(BindingKey, out var b) ? b as TerminalBinding : null;

    private Caller Caller() => new(Context.ConnectionId, Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString());

    /// <param name="finished">The attempt has already ended (a terminal showing the result): its presence goes with its last connection.</param>
    private async Task BindAsync(TerminalBinding? binding, bool finished)
    {
        if (Binding() is { } old && (binding is null || old.AttemptId != binding.AttemptId))
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, ExamGroups.Attempt(old.AttemptId));
            Context.Items.Remove(BindingKey);
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
