using AsnCat.Server.Cli;
using AsnCat.Server.Hosting;

if (CommandLine.IsCommand(args))
{
    return CommandLine.Run(args, Console.Out, Console.Error);
}

// The content root is the server's own folder (appsettings.json, the shipped question banks,
// the data/ folder), whatever folder `dotnet run` was started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddAsnCatServices();

var app = builder.Build();
await app.InitializeAsync();
app.MapAsnCat();
await app.RunAsync();
return 0;

