using AsnCat.Server.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AsnCat.Server.Tests.Live;

/// <summary><c>Live:PushInterval</c> is read once into <see cref="LiveOptions"/> and checked: at least 100 ms.</summary>
public sealed class LiveOptionsTests
{
    private static LiveOptions Read(string? interval)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (interval is not null)
        {
            builder.Configuration["Live:PushInterval"] = interval;
        }
        builder.AddAsnCatLive();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<LiveOptions>>().Value;
    }

    [Fact]
    public void The_default_is_half_a_second_and_a_configured_interval_is_taken()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), Read(null).PushInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), Read("00:00:01").PushInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(100), Read("00:00:00.1").PushInterval);
    }

    [Fact]
    public void An_interval_under_100_ms_is_refused_naming_the_setting()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Read("00:00:00.05"));
        Assert.Contains("Live:PushInterval", e.Message, StringComparison.Ordinal);
    }
}
