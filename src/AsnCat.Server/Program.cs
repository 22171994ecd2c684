using AsnCat.Server.Hosting;
using AsnCat.Server.National.Venue;
using AsnCat.Tool.Commands;

// the auditor's commands (AsnCat.Tool) run from the server's executable too, as the README shows
if (CommandLine.IsCommand(args))
{
    return CommandLine.Run(args, Console.Out, Console.Error, "AsnCat: server ujian CAT. Tanpa perintah: menjalankan server web.");
}
// a venue's enrolment with its centre and its sync status (docs/national.md)
if (VenueCommand.IsCommand(args))
{
    return await VenueCommand.RunAsync(args, Console.Out, Console.Error);
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

