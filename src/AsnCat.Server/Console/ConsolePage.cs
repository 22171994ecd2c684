using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using AsnCat.Server.Network;

namespace AsnCat.Server.Console;

/// <summary>A console page: knows the signed-in staff user's scope before it loads its data.</summary>
public abstract class ConsolePage : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private CircuitAddress Address { get; set; } = default!;

    /// <summary>Who is acting and where they may act; nobody until the authentication state arrives.</summary>
    protected StaffScope Scope { get; private set; } = new("?", new HashSet<string>(), false);

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null)
        {
            Scope = StaffScope.Of((await AuthenticationState).User, Address.Value);
        }
        await LoadAsync();
    }

    protected virtual Task LoadAsync() => Task.CompletedTask;
}
