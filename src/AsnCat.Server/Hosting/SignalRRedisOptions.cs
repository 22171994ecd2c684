using System.ComponentModel.DataAnnotations;

namespace AsnCat.Server.Hosting;

/// <summary>
/// The <c>SignalR</c> section: the Redis that joins the nodes of a centre. When <see cref="Redis"/>
/// is set, every hub message (live boards, proctor monitors, console pushes, the terminals' own)
/// reaches its client on whichever node it is connected to, and the data-protection keys live in
/// that Redis too, so a staff cookie or an antiforgery token issued by one node is read by all.
/// Empty: one node, no backplane, the keys in files as before.
/// </summary>
public sealed class SignalRRedisOptions
{
    public const string Section = "SignalR";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis.pusat:6379,password=…</c>; empty = no backplane.</summary>
    public string Redis { get; set; } = "";

    /// <summary>Starts every Redis channel and key AsnCat uses, so two centres (or two test runs) may share one Redis.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$", ErrorMessage = "SignalR:ChannelPrefix hanya boleh berisi huruf, angka, titik, titik dua, garis bawah dan tanda hubung (1–64 karakter).")]
    public string ChannelPrefix { get; set; } = "asncat";

    /// <summary>
    /// The longest wait between two attempts to reach Redis again after it went away: pushes resume
    /// at most about this long after Redis is back (StackExchange.Redis's own default grows to 10 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);
}
