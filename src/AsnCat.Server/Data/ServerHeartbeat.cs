namespace AsnCat.Server.Data;

/// <summary>
/// The server's last sign of life (one row). After a crash, the gap between this and the restart
/// is the downtime credited to every running attempt, so time lost to an outage is not charged.
/// </summary>
public sealed class ServerHeartbeat
{
    public int Id { get; set; }

    public DateTimeOffset At { get; set; }
}
