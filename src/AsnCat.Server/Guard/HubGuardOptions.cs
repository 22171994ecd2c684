using System.ComponentModel.DataAnnotations;

namespace AsnCat.Server.Guard;

/// <summary>The <c>HubGuard</c> section: the budgets every guarded hub shares.</summary>
public sealed class HubGuardOptions
{
    public const string Section = "HubGuard";

    /// <summary>Failed logins (wrong PIN, unknown number, locked, forged token) one connection may make.</summary>
    [Range(1, 1_000_000)]
    public int LoginFailuresPerConnection { get; set; } = 10;

    /// <summary>Failed logins one address may make within the window.</summary>
    [Range(1, 1_000_000)]
    public int LoginFailuresPerAddress { get; set; } = 50;

    [Range(1, 24 * 60)]
    public int LoginWindowMinutes { get; set; } = 15;

    /// <summary>
    /// Misuse entries one address may add to the audit log within the window: a public hub's
    /// connections are cheap, so one per kind and connection alone would not stop a flood.
    /// </summary>
    [Range(1, 1_000_000)]
    public int AuditsPerAddress { get; set; } = 100;
}

/// <summary>
/// One hub's rate (<c>HubGuard:&lt;hub&gt;</c>, named options by <see cref="HubGuardPolicy.Section"/>, with the
/// policy's defaults): <see cref="Burst"/> calls at once, <see cref="PerSecond"/> sustained; cut off
/// after <see cref="AbortAfter"/> refusals in a row. PerSecond 0 turns it off.
/// </summary>
public sealed class HubRateOptions
{
    [Range(1, 1_000_000)]
    public int Burst { get; set; }

    [Range(0, 1_000_000)]
    public double PerSecond { get; set; }

    [Range(1, 1_000_000)]
    public int AbortAfter { get; set; } = 50;

    public HubLimits Limits => new(Burst, PerSecond, AbortAfter);
}

/// <summary>A hub's rate as the token bucket reads it.</summary>
public sealed record HubLimits(int Burst, double PerSecond, int AbortAfter);

/// <summary>
/// What the guard does for one hub, registered by the feature that owns the hub
/// (<see cref="HubGuardExtensions.AddHubGuard{THub}"/>): its rate (read from
/// <see cref="Section"/>, with these defaults), whether the hub's own refusals are audited, and
/// which of its methods are logins (throttled per connection and per address).
/// </summary>
/// <param name="Section">The configuration section of the hub's rate, e.g. <c>HubGuard:Exam</c>.</param>
public sealed record HubGuardPolicy(string Section, int Burst, double PerSecond)
{
    /// <summary>A <see cref="Microsoft.AspNetCore.SignalR.HubException"/> the hub throws is counted (and audited once) as <c>hub.refused</c>.</summary>
    public bool AuditRefusals { get; init; }

    /// <summary>The hub's login methods; null when it has none.</summary>
    public HubLogins? Logins { get; init; }

    /// <summary>
    /// The hub's own reply for a refusal of the guard's (method, kind, Indonesian message), so a
    /// client learns it as any other refusal; null (or a null reply) makes it an exception.
    /// </summary>
    public Func<string, GuardRefusal, string, object?>? Refuse { get; init; }

    /// <summary>Whether a reply refuses a malformed request (counted, and audited once per connection, as <c>hub.invalid_request</c>).</summary>
    public Func<object?, bool>? Malformed { get; init; }
}

/// <summary>What the guard refuses a call for.</summary>
public enum GuardRefusal
{
    RateLimited,
    InvalidRequest,
}

/// <summary>
/// A hub's login methods: <see cref="Methods"/> are refused with <see cref="Throttled"/> once a
/// connection or an address has failed too often; <see cref="Outcome"/> reads what a call returned.
/// </summary>
public sealed record HubLogins(IReadOnlySet<string> Methods, Func<object> Throttled, Func<object?, LoginOutcome> Outcome);

/// <summary>What a login call came to: failed (counted against the connection and the address), or succeeded as <see cref="Actor"/>.</summary>
public readonly record struct LoginOutcome(bool Failed, string? Actor)
{
    public static LoginOutcome Neither => default;

    public static LoginOutcome Failure => new(true, null);

    public static LoginOutcome Success(string? actor) => new(false, actor);
}

/// <summary>The policies of the guarded hubs, by hub type.</summary>
public sealed class HubGuardPolicies
{
    public Dictionary<Type, HubGuardPolicy> ByHub { get; } = [];
}
