namespace AsnCat.Server.Guard;

/// <summary>A hub's rate: <see cref="Burst"/> calls at once, <see cref="PerSecond"/> sustained; cut off after <see cref="AbortAfter"/> refusals in a row. PerSecond 0 turns it off.</summary>
public sealed record HubLimits(int Burst, double PerSecond, int AbortAfter)
{
    public static HubLimits Read(IConfiguration section, int burst, double perSecond) =>
        new(section.GetValue("Burst", burst), section.GetValue("PerSecond", perSecond), section.GetValue("AbortAfter", 50));
}

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
