#pragma warning disable ASPIREINTERACTION001 // Command arguments are experimental in Aspire 13.6.

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Libsql.Auth;
using Libsql.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// The dashboard's SQL console: "Query…" runs one statement with a five-minute token (read-only unless the user allows
/// writes) and shows the result as a Markdown table. Nothing of the result is logged: it goes only into the command's
/// result data, which Aspire hands to the dashboard and does not log.
/// </summary>
internal static class LibsqlQueryCommand
{
    public const string Name = "libsql-query";
    public const string SqlArgumentName = "sql";
    public const string AllowWritesArgumentName = "allowWrites";

    /// <summary>Rows shown; the count says how many there were.</summary>
    public const int MaxRows = 100;

    /// <summary>Characters shown of one value; longer ones end in an ellipsis.</summary>
    public const int MaxValueLength = 80;

    public static void Add<T>(IResourceBuilder<T> builder, LibsqlCommandTarget target) where T : IResource
    {
        builder.WithCommand(Name, "Query…", context => ExecuteAsync(target, context), new CommandOptions
        {
            Description = "Runs one SQL statement and shows the result (first 100 rows). Read-only unless you allow writes.",
            IconName = "DatabaseSearch",
            Arguments = new LibsqlCommandArguments(() =>
            [
                new InteractionInput
                {
                    Name = SqlArgumentName,
                    Label = "SQL",
                    Description = "One statement, e.g. SELECT * FROM sqlite_schema",
                    InputType = InputType.Text,
                    Required = true,
                    MaxLength = 20_000,
                },
                .. target.DatabaseArguments(),
                new InteractionInput
                {
                    Name = AllowWritesArgumentName,
                    Label = "Allow writes",
                    Description = "Run with a read-write token. Otherwise sqld refuses anything that writes.",
                    InputType = InputType.Boolean,
                    Value = "false",
                },
            ]),
            UpdateState = context => context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });
    }

    private static async Task<ExecuteCommandResult> ExecuteAsync(LibsqlCommandTarget target, ExecuteCommandContext context)
    {
        var arguments = context.Arguments;
        var sql = arguments?.ContainsName(SqlArgumentName) == true ? arguments.GetString(SqlArgumentName) : null;
        if (string.IsNullOrWhiteSpace(sql))
        {
            return CommandResults.Failure("Enter the SQL statement to run.");
        }

        var allowWrites = arguments!.ContainsName(AllowWritesArgumentName)
            && bool.TryParse(arguments.GetString(AllowWritesArgumentName), out var writes) && writes;

        try
        {
            var namespaceName = target.ResolveNamespace(arguments);
            var token = await target.MintCommandTokenAsync(allowWrites ? LibsqlTokenAccess.ReadWrite : LibsqlTokenAccess.ReadOnly, namespaceName, context.CancellationToken).ConfigureAwait(false);
            using var http = await target.CreateHttpClientAsync(context.CancellationToken).ConfigureAwait(false);

            var stopwatch = Stopwatch.StartNew();
            var result = await LibsqlHranaQuery.ExecuteAsync(http, token, namespaceName, sql, context.CancellationToken).ConfigureAwait(false);
            var elapsed = stopwatch.Elapsed;

            var summary = Summarize(result, elapsed, target.Describe(namespaceName), allowWrites);
            return CommandResults.Success(summary, ToMarkdown(result, summary), CommandResultFormat.Markdown, displayImmediately: true);
        }
        catch (Exception ex) when (ex is LibsqlHranaException or HttpRequestException or ArgumentException or InvalidOperationException)
        {
            return CommandResults.Failure(ex.Message);
        }
    }

    private static string Summarize(LibsqlStatementResult result, TimeSpan elapsed, string where, bool allowWrites)
    {
        var rows = result.Rows.Count == 1 ? "1 row" : $"{result.Rows.Count.ToString(CultureInfo.InvariantCulture)} rows";
        var shown = result.Rows.Count > MaxRows ? $" (first {MaxRows.ToString(CultureInfo.InvariantCulture)} shown)" : "";
        var changed = result.AffectedRowCount > 0 ? $", {result.AffectedRowCount.ToString(CultureInfo.InvariantCulture)} changed" : "";
        var access = allowWrites ? "read-write" : "read-only";
        return $"{rows}{shown}{changed} in {elapsed.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)} ms on {where} ({access}).";
    }

    /// <summary>The result as a Markdown table: every value escaped, long ones cut, at most <see cref="MaxRows"/> rows.</summary>
    internal static string ToMarkdown(LibsqlStatementResult result, string summary)
    {
        var markdown = new StringBuilder();
        if (result.Columns.Count > 0)
        {
            markdown.Append('|');
            foreach (var column in result.Columns)
            {
                markdown.Append(' ').Append(Escape(Cut(column.Length == 0 ? "(no name)" : column))).Append(" |");
            }

            markdown.Append("\n|");
            markdown.Append(string.Concat(Enumerable.Repeat("---|", result.Columns.Count)));
            markdown.Append('\n');
            foreach (var row in result.Rows.Take(MaxRows))
            {
                markdown.Append('|');
                foreach (var value in row)
                {
                    markdown.Append(' ').Append(Format(value)).Append(" |");
                }

                markdown.Append('\n');
            }

            markdown.Append('\n');
        }

        markdown.Append(Escape(summary)).Append('\n');
        return markdown.ToString();
    }

    /// <summary>One value as Markdown: NULL and blobs set apart in italics, text and numbers escaped and cut.</summary>
    private static string Format(LibsqlValue value) => value.Type switch
    {
        LibsqlValueType.Null => "*NULL*",
        LibsqlValueType.Blob => $"*blob, {value.AsBlob().Length.ToString(CultureInfo.InvariantCulture)} bytes*",
        _ => Escape(Cut(value.ToString())),
    };

    private static string Cut(string text) =>
        text.Length <= MaxValueLength ? text : string.Concat(text.AsSpan(0, MaxValueLength - 1), "…");

    /// <summary>
    /// Escapes Markdown and HTML so that a value shows as the text it is and stays in its table cell: every ASCII
    /// punctuation mark Markdown could read gets a backslash (CommonMark allows it for all of them), line breaks become
    /// spaces.
    /// </summary>
    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\r' or '\n')
            {
                escaped.Append(' ');
            }
            else if (c is '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '<' or '>' or '(' or ')' or '#' or '+' or '-' or '.' or '!' or '|' or '~' or '&' or '"' or '\'' or '=' or ':')
            {
                escaped.Append('\\').Append(c);
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
