using AsnCat.Contracts.Exam;

namespace AsnCat.ExamClient.Terminal;

/// <summary>
/// The terminal's line to the exam hub: the hub's methods, its pushes, and the connection's
/// ups and downs. Production runs over SignalR (<see cref="SignalRExamTransport"/>); tests use a fake.
/// </summary>
public interface IExamTransport : IExamHub
{
    /// <summary>The connection was lost; the transport is trying to get it back.</summary>
    event Func<Task>? Reconnecting;

    /// <summary>The connection is back (a new connection: the terminal must re-attach).</summary>
    event Func<Task>? Reconnected;

    /// <summary>The connection closed; the transport keeps restarting it and raises <see cref="Reconnected"/> when it is up.</summary>
    event Func<Task>? Closed;

    /// <summary>Routes the server's pushes to <paramref name="client"/>. Called once, before <see cref="StartAsync"/>.</summary>
    void Receive(IExamClient client);

    /// <summary>Connects, retrying until connected or cancelled.</summary>
    Task StartAsync(CancellationToken cancellationToken);
}
