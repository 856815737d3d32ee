using Microsoft.EntityFrameworkCore;

namespace Libsql.EntityFrameworkCore.Tests;

public sealed class Blog
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public DateTime CreatedUtc { get; set; }

    public decimal Budget { get; set; }

    public Guid Key { get; set; } = Guid.NewGuid();

    public List<Post> Posts { get; set; } = [];
}

public sealed class Post
{
    public int Id { get; set; }

    public int BlogId { get; set; }

    public Blog Blog { get; set; } = null!;

    public required string Title { get; set; }

    public int Likes { get; set; }

    public DateOnly? PublishedOn { get; set; }
}

public sealed class BloggingContext(DbContextOptions<BloggingContext> options) : DbContext(options)
{
    public DbSet<Blog> Blogs => Set<Blog>();

    public DbSet<Post> Posts => Set<Post>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Blog>().HasIndex(b => b.Name).IsUnique();
        modelBuilder.Entity<Blog>().Property(b => b.Name).HasMaxLength(200);
        modelBuilder.Entity<Post>().HasIndex(p => p.Title);
    }
}
