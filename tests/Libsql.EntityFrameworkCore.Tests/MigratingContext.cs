using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Libsql.EntityFrameworkCore.Tests;

public sealed class Author
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string? Email { get; set; }
}

/// <summary>A context whose schema comes from the migrations in Migrations/ (made with dotnet ef migrations add).</summary>
public sealed class MigratingContext(DbContextOptions<MigratingContext> options) : DbContext(options)
{
    public DbSet<Author> Authors => Set<Author>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Author>().HasIndex(a => a.Email).IsUnique();
}

/// <summary>
/// What <c>dotnet ef</c> uses to make the context at design time: <c>dotnet ef database update -- --connection "..."</c>.
/// </summary>
public sealed class MigratingContextFactory : IDesignTimeDbContextFactory<MigratingContext>
{
    public MigratingContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MigratingContext>().UseLibsql(DesignTimeArguments.ConnectionString(args)).Options);
}

/// <summary>Same, for the blogging model.</summary>
public sealed class BloggingContextFactory : IDesignTimeDbContextFactory<BloggingContext>
{
    public BloggingContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BloggingContext>().UseLibsql(DesignTimeArguments.ConnectionString(args)).Options);
}

internal static class DesignTimeArguments
{
    public static string ConnectionString(string[] args)
    {
        var at = Array.IndexOf(args, "--connection");
        return at >= 0 && at + 1 < args.Length
            ? args[at + 1]
            : throw new ArgumentException("Pass the connection string after --: dotnet ef ... -- --connection \"Endpoint=...;AuthToken=...\"");
    }
}
