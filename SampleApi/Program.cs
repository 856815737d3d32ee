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

builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
{
    ValidationErrorKeys.UseJsonNames(context);
    RequestLimits.Explain(context);
});
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddExceptionHandler<DatabaseExceptionHandler>();
builder.Services.AddValidation();

// Unreadable input (bad JSON, a mistyped query value) is thrown in every environment, not only Development, so that
// BadRequestExceptionHandler can say what was wrong: without the exception the answer is a bare 400 that names nothing.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.WebHost.ConfigureKestrel(options => options.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);

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
