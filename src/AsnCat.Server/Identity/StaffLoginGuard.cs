using AsnCat.Server.Network;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Identity;

/// <summary>
/// Failed staff logins per address. The account lockout (5 wrong passwords) stops guessing one
/// account's password; this stops one address trying a password over many accounts, and unknown
/// user names (which Identity never locks), each of which would also add an audit entry. Past the
/// budget, logins from that address are refused without a password check until the window passes,
/// and the first refusal of each window is audited.
/// </summary>
public sealed class StaffLoginGuard(TimeProvider time, IOptions<StaffOptions> options)
{
    private readonly AddressWindow _failures = new(time);

    private readonly AddressWindow _refusals = new(time);

    /// <summary>Failed staff logins one address may make within <see cref="Window"/> (a venue behind one NAT shares it).</summary>
    public int FailuresPerAddress => options.Value.LoginFailuresPerAddress;

    public TimeSpan Window => TimeSpan.FromMinutes(options.Value.LoginWindowMinutes);

    public string Message =>
        $"Terlalu banyak percobaan masuk yang gagal dari alamat ini. Coba lagi dalam {Window.TotalMinutes:0} menit atau hubungi admin.";

    public bool Blocked(string address) => _failures.Count(address, Window) >= FailuresPerAddress;

    public void Failed(string address) => _failures.Add(address, Window);

    /// <summary>Counts a refusal; true for the first of the window (the one to audit).</summary>
    public bool FirstRefusal(string address) => _refusals.Add(address, Window) == 1;
}
