using System.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Libsql.EntityFrameworkCore.Tests;

/// <summary>
/// Drives EF Core's design-time entry point (<see cref="OperationExecutor"/>, what the dotnet-ef tool loads into the
/// project) in-process: it finds the design-time factory, then the provider's design-time services.
/// </summary>
public sealed class DesignTimeTests : ServerTestBase
{
    [Fact]
    public void Migrations_add_scaffolds_a_migration_for_the_model()
    {
        var directory = Directory.CreateTempSubdirectory("libsql-ef-");
        try
        {
            var result = Run(directory.FullName, (executor, handler) => new OperationExecutor.AddMigration(executor, handler, new Hashtable
            {
                ["name"] = "Initial",
                ["outputDir"] = "Migrations",
                ["contextType"] = nameof(BloggingContext),
                ["namespace"] = "Scaffolded",
                ["dryRun"] = false,
            }));

            var files = Assert.IsAssignableFrom<IDictionary>(result);
            var migration = File.ReadAllText((string)files["MigrationFile"]!);
            var snapshot = File.ReadAllText((string)files["SnapshotFile"]!);
            Assert.Contains("migrationBuilder.CreateTable(", migration, StringComparison.Ordinal);
            Assert.Contains("name: \"Posts\"", migration, StringComparison.Ordinal);
            Assert.Contains(".Annotation(\"Sqlite:Autoincrement\", true)", migration, StringComparison.Ordinal);
            Assert.Contains("table.ForeignKey(", migration, StringComparison.Ordinal);
            Assert.Contains("HasColumnType(\"TEXT\")", snapshot, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Database_update_applies_the_migrations_through_the_factory()
    {
        Run(Path.GetTempPath(), (executor, handler) => new OperationExecutor.UpdateDatabase(executor, handler, new Hashtable
        {
            ["targetMigration"] = null,
            ["connectionString"] = null,
            ["contextType"] = nameof(MigratingContext),
        }));

        using var context = new MigratingContextFactory().CreateDbContext(["--connection", ConnectionString]);
        Assert.Equal(["20260101000000_CreateAuthors", "20260102000000_AddAuthorEmail"], context.Database.GetAppliedMigrations());
    }

    private object? Run(string projectDir, Action<OperationExecutor, IOperationResultHandler> operation)
    {
        var assembly = typeof(DesignTimeTests).Assembly.GetName().Name!;
        var executor = new OperationExecutor(new ReportHandler(), new Hashtable
        {
            ["targetName"] = assembly,
            ["startupTargetName"] = assembly,
            ["project"] = Path.Combine(projectDir, assembly + ".csproj"),
            ["projectDir"] = projectDir,
            ["rootNamespace"] = assembly,
            ["language"] = "C#",
            ["nullable"] = true,
            ["toolsVersion"] = "10.0.15",
            ["remainingArguments"] = new[] { "--connection", ConnectionString },
        });
        var handler = new ResultHandler();
        operation(executor, handler);
        Assert.True(handler.Error is null, handler.Error);
        return handler.Result;
    }

    private sealed class ResultHandler : IOperationResultHandler
    {
        public int Version => 0;

        public object? Result { get; private set; }

        public string? Error { get; private set; }

        public void OnResult(object? value) => Result = value;

        public void OnError(string type, string message, string stackTrace) => Error = $"{type}: {message}\n{stackTrace}";
    }

    private sealed class ReportHandler : IOperationReportHandler
    {
        public int Version => 0;

        public void OnError(string message) => TestContext.Current.SendDiagnosticMessage("error: " + message);

        public void OnWarning(string message) => TestContext.Current.SendDiagnosticMessage("warning: " + message);

        public void OnInformation(string message) => TestContext.Current.SendDiagnosticMessage(message);

        public void OnVerbose(string message)
        {
        }
    }
}
