using SampleApi.Data;
using SampleApi.Folders;
using SampleApi.Infrastructure;
using SampleApi.Notes;

var builder = WebApplication.CreateBuilder(args);

// One log entry per line: readable in a terminal, and one record per line for container log collectors.
builder.Logging.AddSimpleConsole(options => options.SingleLine = true);

// Fail fast, before wiring anything, with one line that names the setting to provide.
if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("db")))
{
    await using var unconfigured = builder.Build();
    StartupLog.MissingConnectionString(unconfigured.Logger);
    return 1;
}

builder.AddServiceDefaults();
builder.AddLibsqlClient("db");

builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ValidationErrorKeys.UseJsonNames);
builder.Services.AddExceptionHandler<DatabaseExceptionHandler>();
builder.Services.AddValidation();

// Development defaults to throwing on unreadable bodies (for the developer page); answer every environment the way
// production does, with a 400 problem, so that local runs and tests see what clients see.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);

builder.Services.AddOpenApi();
builder.Services.ConfigureHttpJsonOptions(options =>
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, SampleApiJsonContext.Default));
builder.Services.AddSingleton<DatabaseSchema>();

await using var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

if (app.Environment.IsDevelopment())
{
    app.MapOpenApi();
}

app.MapDefaultEndpoints();
app.MapFolderEndpoints();
app.MapNoteEndpoints();

await app.Services.GetRequiredService<DatabaseSchema>().MigrateAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();
return 0;

/// <summary>The entry point, public so that tests can host the service with WebApplicationFactory.</summary>
public partial class Program;
