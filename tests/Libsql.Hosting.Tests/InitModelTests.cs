using static Libsql.Hosting.Tests.HostingTestHelpers;

namespace Libsql.Hosting.Tests;

public sealed class InitModelTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("libsql-init-model-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void WithInitFiles_takes_a_file_or_a_folder_and_makes_initialization_part_of_health()
    {
        var file = Path.Combine(_directory.FullName, "seed.sql");
        File.WriteAllText(file, "CREATE TABLE t (x);");
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db").WithInitFiles(file).WithInitFiles(_directory.FullName);

        Assert.Equal([file, _directory.FullName], ((ILibsqlServerResource)db.Resource).State.InitSources);
        Assert.Contains(db.Resource.Annotations.OfType<HealthCheckAnnotation>(), a => a.Key == "db_init_check");
    }

    [Fact]
    public void WithInitFiles_refuses_a_missing_path_a_non_sql_file_and_an_empty_folder()
    {
        var text = Path.Combine(_directory.FullName, "notes.txt");
        File.WriteAllText(text, "x");
        using var builder = RunModeBuilder();
        var db = builder.AddLibsqlExecutable("db", new LibsqlLocalProcess("sqld"));

        var missing = Assert.Throws<ArgumentException>(() => db.WithInitFiles(Path.Combine(_directory.FullName, "nope.sql")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        var notSql = Assert.Throws<ArgumentException>(() => db.WithInitFiles(text));
        Assert.Contains("must end in .sql", notSql.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<ArgumentException>(() => db.WithInitFiles(_directory.FullName));
        Assert.Contains("holds no .sql files", empty.Message, StringComparison.Ordinal);
        Assert.Empty(((ILibsqlServerResource)db.Resource).State.InitSources);
    }

    [Fact]
    public void WithCreationScript_keeps_the_statements_for_the_namespace()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");
        db.AddDatabase("reports", "reports-ns").WithCreationScript("CREATE TABLE r (x); INSERT INTO r VALUES (1);");

        Assert.Equal(["CREATE TABLE r (x)", "INSERT INTO r VALUES (1)"], ((ILibsqlServerResource)db.Resource).State.CreationScripts["reports-ns"]);
    }

    [Fact]
    public void WithCreationScript_refuses_empty_comment_only_unsplittable_and_second_scripts()
    {
        using var builder = RunModeBuilder();
        var db = builder.AddLibsql("db");
        var reports = db.AddDatabase("reports");
        var again = db.AddDatabase("reports-again", "reports");

        Assert.ThrowsAny<ArgumentException>(() => reports.WithCreationScript(" "));
        var comments = Assert.Throws<ArgumentException>(() => reports.WithCreationScript("-- todo"));
        Assert.Contains("at least one SQL statement", comments.Message, StringComparison.Ordinal);
        var open = Assert.Throws<ArgumentException>(() => reports.WithCreationScript("INSERT INTO r VALUES ('x);"));
        Assert.Contains("string literal", open.Message, StringComparison.Ordinal);

        reports.WithCreationScript("CREATE TABLE r (x);");
        var second = Assert.Throws<ArgumentException>(() => again.WithCreationScript("CREATE TABLE s (x);"));
        Assert.Contains("already has a creation script", second.Message, StringComparison.Ordinal);
    }
}
