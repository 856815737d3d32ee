#pragma warning disable ASPIREINTERACTION001 // Command arguments are experimental in Aspire 13.6.

using System.Globalization;
using System.Net.Http.Headers;
using Libsql.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The maintenance commands of a server or database: "Download dump" (sqld's <c>GET /dump</c> into a file outside the
/// source tree), "Checkpoint" (admin API, only with namespaces) and "Reset database" (drops every user object in one
/// transaction). Each is enabled only while the resource is healthy and uses a five-minute token of its own.
/// </summary>
internal static class LibsqlMaintenanceCommands
{
    public const string DumpName = "libsql-dump";
    public const string CheckpointName = "libsql-checkpoint";
    public const string ResetName = "libsql-reset";

    /// <summary>Configuration key naming the folder dumps are saved in; default: the local application data folder, <c>libsql-aspire/dumps</c>.</summary>
    public const string DumpFolderConfigurationKey = "Libsql:DumpFolder";

    public static void Add<T>(IResourceBuilder<T> builder, LibsqlCommandTarget target) where T : IResource
    {
        builder.WithCommand(DumpName, "Download dump", context => DumpAsync(target, context), new CommandOptions
        {
            Description = "Saves the database as SQL text (sqld's /dump) to a file on this machine and shows its path.",
            IconName = "ArrowDownload",
            Arguments = new LibsqlCommandArguments(target.DatabaseArguments),
            UpdateState = WhileHealthy,
        });

        builder.WithCommand(CheckpointName, "Checkpoint", context => CheckpointAsync(target, context), new CommandOptions
        {
            Description = "Asks sqld's admin API to checkpoint the database's write-ahead log into the database file.",
            IconName = "Save",
            Arguments = new LibsqlCommandArguments(target.DatabaseArguments),
            // The admin API exists only with namespaces (AddDatabase); without it there is nothing to call.
            UpdateState = context => !target.Server.AreNamespacesEnabled ? ResourceCommandState.Hidden : WhileHealthy(context),
        });

        builder.WithCommand(ResetName, "Reset database", context => ResetAsync(target, context), new CommandOptions
        {
            Description = "Drops every table, view, index and trigger of the database, in one transaction.",
            ConfirmationMessage = "Drop every table, view, index and trigger of this database, with all their data? This cannot be undone.",
            IconName = "DeleteDismiss",
            Arguments = new LibsqlCommandArguments(target.DatabaseArguments),
            UpdateState = WhileHealthy,
        });
    }

    private static ResourceCommandState WhileHealthy(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    private static async Task<ExecuteCommandResult> DumpAsync(LibsqlCommandTarget target, ExecuteCommandContext context)
    {
        var cancellationToken = context.CancellationToken;
        string? partial = null;
        try
        {
            var namespaceName = target.ResolveNamespace(context.Arguments);
            var token = await target.MintCommandTokenAsync(LibsqlTokenAccess.ReadOnly, namespaceName, cancellationToken).ConfigureAwait(false);
            using var http = await target.CreateHttpClientAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, "dump");
            LibsqlHranaQuery.Authorize(request, token, namespaceName);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw LibsqlHranaException.FromResponse(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            }

            var folder = DumpFolder(context.Services);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"{target.Server.Name}-{namespaceName ?? "default"}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}.sql");

            // sqld streams the dump and reports a failure by cutting the stream: write beside the file and move it into
            // place only when complete, so a path that is shown always holds a whole dump.
            partial = path + ".partial";
            var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                await response.Content.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, path);
            partial = null;
            var size = new FileInfo(path).Length;
            return CommandResults.Success($"Dump of {target.Describe(namespaceName)} saved ({size.ToString(CultureInfo.InvariantCulture)} bytes).", path, CommandResultFormat.Text, displayImmediately: true);
        }
        catch (Exception ex) when (ex is LibsqlHranaException or HttpRequestException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return CommandResults.Failure($"Could not download the dump: {ex.Message}");
        }
        finally
        {
            if (partial is not null)
            {
                File.Delete(partial);
            }
        }
    }

    private static string DumpFolder(IServiceProvider services) =>
        services.GetService<IConfiguration>()?[DumpFolderConfigurationKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "libsql-aspire", "dumps");

    private static async Task<ExecuteCommandResult> CheckpointAsync(LibsqlCommandTarget target, ExecuteCommandContext context)
    {
        var server = target.Server;
        if (!server.AreNamespacesEnabled)
        {
            return CommandResults.Failure($"libSQL server '{server.Name}' has no admin API: it is enabled with namespaces (AddDatabase).");
        }

        var cancellationToken = context.CancellationToken;
        try
        {
            var namespaceName = target.ResolveNamespace(context.Arguments)!;
            var adminUrl = await server.AdminEndpoint.GetValueAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The admin endpoint of libSQL server '{server.Name}' has no URL yet.");
            var adminKey = server.State.AdminKey is { } key ? await key.GetValueAsync(cancellationToken).ConfigureAwait(false) : null;

            using var http = new HttpClient { BaseAddress = new Uri(adminUrl), Timeout = TimeSpan.FromSeconds(60) };
            using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/namespaces/{Uri.EscapeDataString(namespaceName)}/checkpoint");
            if (!string.IsNullOrEmpty(adminKey))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", adminKey);
            }

            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw LibsqlHranaException.FromResponse(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            }

            return CommandResults.Success($"Checkpointed {target.Describe(namespaceName)}.");
        }
        catch (Exception ex) when (ex is LibsqlHranaException or HttpRequestException or ArgumentException or InvalidOperationException)
        {
            return CommandResults.Failure($"Could not checkpoint: {ex.Message}");
        }
    }

    private static async Task<ExecuteCommandResult> ResetAsync(LibsqlCommandTarget target, ExecuteCommandContext context)
    {
        var cancellationToken = context.CancellationToken;
        try
        {
            var namespaceName = target.ResolveNamespace(context.Arguments);
            var token = await target.MintCommandTokenAsync(LibsqlTokenAccess.ReadWrite, namespaceName, cancellationToken).ConfigureAwait(false);
            using var http = await target.CreateHttpClientAsync(cancellationToken).ConfigureAwait(false);

            // Everything but SQLite's own objects and the tables sqld reserves. Views and triggers first (a view may name
            // any table), then virtual tables (dropping one drops its shadow tables, hence IF EXISTS on every table),
            // then the other tables with their indexes and triggers.
            var objects = (await LibsqlHranaQuery.RunAsync(http, token, namespaceName,
                [
                    "SELECT type, name FROM sqlite_schema WHERE type IN ('view', 'trigger', 'table') " +
                    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'libsql\\_%' ESCAPE '\\' AND name NOT LIKE '\\_litestream\\_%' ESCAPE '\\' " +
                    "ORDER BY CASE type WHEN 'view' THEN 0 WHEN 'trigger' THEN 1 ELSE CASE WHEN sql LIKE 'CREATE VIRTUAL TABLE%' THEN 2 ELSE 3 END END, name",
                ], cancellationToken).ConfigureAwait(false))[0];

            if (objects.Count == 0)
            {
                return CommandResults.Success($"Nothing to drop: {target.Describe(namespaceName)} has no tables, views or triggers.");
            }

            // Deferred foreign keys: dropping a parent table before its children empties it first, which an immediate
            // constraint would refuse; by COMMIT every child table is gone too, so nothing is left to violate.
            var statements = new List<string> { "PRAGMA defer_foreign_keys = ON" };
            statements.AddRange(objects.Select(o => $"DROP {o[0]!.ToUpperInvariant()} IF EXISTS {Quote(o[1]!)}"));
            await LibsqlHranaQuery.RunInTransactionAsync(http, token, namespaceName, statements, cancellationToken).ConfigureAwait(false);

            var tables = objects.Count(o => o[0] == "table");
            return CommandResults.Success($"Reset {target.Describe(namespaceName)}: dropped {tables.ToString(CultureInfo.InvariantCulture)} table(s) and {(objects.Count - tables).ToString(CultureInfo.InvariantCulture)} view(s) and trigger(s), with their indexes.");
        }
        catch (Exception ex) when (ex is LibsqlHranaException or HttpRequestException or ArgumentException or InvalidOperationException)
        {
            return CommandResults.Failure($"Nothing was dropped: {ex.Message}");
        }
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
