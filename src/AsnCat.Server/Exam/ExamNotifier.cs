using AsnCat.Contracts.Exam;
using AsnCat.Server.Data;
using Microsoft.AspNetCore.SignalR;
namespace AsnCat.Server.Exam;

/// <summary>Pushes to every connection of an attempt through the hub context.</summary>
public sealed class ExamNotifier(IHubContext<ExamTerminalHub, IExamClient> hub) : IExamNotifier
{
    public Task AttemptEndedAsync(int attemptId, ExamResult result) => hub.Clients.Group(ExamGroups.Attempt(attemptId)).AttemptEnded(result);

    public Task ClockChangedAsync(int attemptId, ClockView clock) => hub.Clients.Group(ExamGroups.Attempt(attemptId)).ClockChanged(clock);

    public Task TerminalReleasedAsync(int attemptId, string reason) => hub.Clients.Group(ExamGroups.Attempt(attemptId)).TerminalReleased(reason);

    public async Task TakenOverAsync(int attemptId, string connectionId, string reason)
    {
        await hub.Groups.RemoveFromGroupAsync(connectionId, ExamGroups.Attempt(attemptId));
        await hub.Clients.Client(connectionId).TerminalReleased(reason);
    }
}
