#pragma warning disable ASPIREINTERACTION001 // Command arguments are experimental in Aspire 13.6.

using System.Globalization;
using System.Text;
using Libsql.Auth;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The dashboard side of a libSQL server and its databases: the commands ("Mint token", "Tables and row counts",
/// "Query…", "Download dump", "Checkpoint", "Reset database") and how its endpoint URLs are shown.
/// </summary>
internal static class LibsqlCommands
{
    public const string MintTokenName = "libsql-mint-token";
    public const string ShowTablesName = "libsql-show-tables";
    private const string AllNamespaces = "*";

    /// <summary>Registers the server's commands and describes its endpoint URLs.</summary>
    public static void Add<T>(IResourceBuilder<T> builder) where T : ILibsqlServerResource
    {
        AddServerCommands(builder);
        builder.WithUrls(DescribeUrls);
    }

    /// <summary>Registers a database's own commands, which work on its namespace.</summary>
    public static void AddDatabase(IResourceBuilder<LibsqlDatabaseResource> database)
    {
        // A database of an existing server (RunAsExisting/PublishAsExisting) has no commands, like its server: the
        // AppHost holds no key to mint their tokens with. RunAsExisting after AddDatabase removes them (LibsqlExistingServer).
        if (database.Resource.Parent.State.ExistingUrl is not null)
        {
            return;
        }

        var target = LibsqlCommandTarget.ForDatabase(database.Resource);
        LibsqlQueryCommand.Add(database, target);
        LibsqlMaintenanceCommands.Add(database, target);
    }

    private static void AddServerCommands<T>(IResourceBuilder<T> builder) where T : ILibsqlServerResource
    {
        var server = builder.Resource;
        builder.WithCommand(MintTokenName, "Mint token", context => MintAsync(server, context), new CommandOptions
        {
            Description = "Mints a token signed by this server's key. It is shown once and never logged.",
            IconName = "Key",
            Arguments = new LibsqlCommandArguments(() => MintArguments(server)),
            UpdateState = _ => server.IsAuthEnabled ? ResourceCommandState.Enabled : ResourceCommandState.Hidden,
        });

        builder.WithCommand(ShowTablesName, "Tables and row counts", context => ShowTablesAsync(server, context), new CommandOptions
        {
            Description = "Lists the tables of each database (namespace) with their row counts.",
            IconName = "Table",
            UpdateState = context => context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });

        var target = LibsqlCommandTarget.ForServer(server);
        LibsqlQueryCommand.Add(builder, target);
        LibsqlMaintenanceCommands.Add(builder, target);
    }

    /// <summary>
    /// Names the Hrana endpoint and keeps the admin API out of the resource list: it is an internal endpoint guarded by
    /// a key, not something to open in a browser, so it appears only in the resource's details.
    /// </summary>
    private static void DescribeUrls(ResourceUrlsCallbackContext context)
    {
        foreach (var url in context.Urls)
        {
            switch (url.Endpoint?.EndpointName)
            {
                case LibsqlServerResource.HttpEndpointName:
                    url.DisplayText = "Hrana HTTP";
                    break;
                case LibsqlServerResource.GrpcEndpointName:
                    url.DisplayText = "gRPC (replication)";
                    url.DisplayLocation = UrlDisplayLocation.DetailsOnly;
                    break;
                case LibsqlServerResource.AdminEndpointName:
                    url.DisplayText = "Admin API";
                    url.DisplayLocation = UrlDisplayLocation.DetailsOnly;
                    break;
            }
        }
    }

    private static List<InteractionInput> MintArguments(ILibsqlServerResource server)
    {
        var inputs = new List<InteractionInput>
        {
            new()
            {
                Name = "access",
                Label = "Access",
                InputType = InputType.Choice,
                Required = true,
                Options = [new("rw", "Read-write"), new("ro", "Read-only")],
                Value = "rw",
            },
            new()
            {
                Name = "expiresInHours",
                Label = "Expires in (hours)",
                Description = "Empty or 0 = never.",
                InputType = InputType.Number,
            },
        };

        if (server.AreNamespacesEnabled)
        {
            inputs.Add(new()
            {
                Name = "namespace",
                Label = "Namespace",
                InputType = InputType.Choice,
                Options = [new(AllNamespaces, "All namespaces"), new("default", "default"), .. server.Databases.Values.Distinct().Select(ns => new KeyValuePair<string, string>(ns, ns))],
                Value = AllNamespaces,
            });
        }

        return inputs;
    }

    private static async Task<ExecuteCommandResult> MintAsync(ILibsqlServerResource server, ExecuteCommandContext context)
    {
        if (!server.IsAuthEnabled)
        {
            return CommandResults.Failure("This server runs without authentication; it has no key to sign tokens with.");
        }

        var arguments = context.Arguments;
        var access = arguments?.ContainsName("access") == true && arguments.GetString("access") == "ro" ? LibsqlTokenAccess.ReadOnly : LibsqlTokenAccess.ReadWrite;
        var hours = arguments?.ContainsName("expiresInHours") == true && !string.IsNullOrWhiteSpace(arguments.GetString("expiresInHours"))
            ? arguments.GetDouble("expiresInHours")
            : 0;
        if (hours < 0)
        {
            return CommandResults.Failure("The lifetime cannot be negative.");
        }

        var namespaceName = arguments?.ContainsName("namespace") == true ? arguments.GetString("namespace") : null;
        var options = new LibsqlTokenOptions
        {
            Access = access,
            Namespace = namespaceName is null or AllNamespaces ? null : namespaceName,
            ExpiresIn = hours > 0 ? TimeSpan.FromHours(hours) : null,
        };

        var token = await server.MintTokenAsync(options, context.CancellationToken).ConfigureAwait(false);
        var scope = options.Namespace is null ? "all namespaces" : $"namespace '{options.Namespace}'";
        var expiry = options.ExpiresIn is null ? "no expiry" : $"expires in {hours.ToString(CultureInfo.InvariantCulture)} h";
        return CommandResults.Success($"{(access == LibsqlTokenAccess.ReadOnly ? "Read-only" : "Read-write")} token for {scope}, {expiry}. Copy it now: it is not stored or logged.", token, CommandResultFormat.Text, displayImmediately: true);
    }

    private static async Task<ExecuteCommandResult> ShowTablesAsync(ILibsqlServerResource server, ExecuteCommandContext context)
    {
        var url = await server.HttpEndpoint.GetValueAsync(context.CancellationToken).ConfigureAwait(false);
        if (url is null)
        {
            return CommandResults.Failure("The server has no HTTP endpoint yet.");
        }

        var token = server.IsAuthEnabled
            ? await server.MintTokenAsync(new LibsqlTokenOptions { Access = LibsqlTokenAccess.ReadOnly, ExpiresIn = TimeSpan.FromMinutes(5) }, context.CancellationToken).ConfigureAwait(false)
            : null;

        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        var namespaces = server.AreNamespacesEnabled ? ["default", .. server.Databases.Values.Distinct()] : new List<string> { "default" };
        var markdown = new StringBuilder();
        try
        {
            foreach (var namespaceName in namespaces)
            {
                var tables = (await LibsqlHranaQuery.RunAsync(http, token, server.AreNamespacesEnabled ? namespaceName : null,
                    ["SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'libsql\\_%' ESCAPE '\\' ORDER BY name"],
                    context.CancellationToken).ConfigureAwait(false))[0].Select(row => row[0]!).ToList();

                markdown.Append(CultureInfo.InvariantCulture, $"### {namespaceName}\n\n");
                if (tables.Count == 0)
                {
                    markdown.Append("(no tables)\n\n");
                    continue;
                }

                var counts = await LibsqlHranaQuery.RunAsync(http, token, server.AreNamespacesEnabled ? namespaceName : null,
                    tables.Select(table => $"SELECT count(*) FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"").ToList(),
                    context.CancellationToken).ConfigureAwait(false);

                markdown.Append("| Table | Rows |\n|---|---:|\n");
                for (var i = 0; i < tables.Count; i++)
                {
                    markdown.Append(CultureInfo.InvariantCulture, $"| {tables[i]} | {counts[i][0][0]} |\n");
                }

                markdown.Append('\n');
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
        {
            return CommandResults.Failure($"Could not read the tables: {ex.Message}");
        }

        return CommandResults.Success($"Tables of {namespaces.Count} database(s).", markdown.ToString(), CommandResultFormat.Markdown, displayImmediately: true);
    }
}
