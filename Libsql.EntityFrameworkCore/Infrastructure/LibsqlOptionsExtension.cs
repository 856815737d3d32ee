using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Libsql.EntityFrameworkCore.Infrastructure;

/// <summary>
/// The options of the libSQL provider in a <see cref="Microsoft.EntityFrameworkCore.DbContextOptions"/>; added by
/// <c>UseLibsql</c>. Application code configures it through <see cref="LibsqlDbContextOptionsBuilder"/>.
/// </summary>
public class LibsqlOptionsExtension : RelationalOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    /// <summary>An extension with no connection yet.</summary>
    public LibsqlOptionsExtension()
    {
    }

    /// <summary>A copy of <paramref name="copyFrom"/>.</summary>
    /// <param name="copyFrom">The extension to copy.</param>
    protected LibsqlOptionsExtension(LibsqlOptionsExtension copyFrom)
        : base(copyFrom)
    {
    }

    /// <inheritdoc/>
    public override DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    /// <inheritdoc/>
    protected override RelationalOptionsExtension Clone() => new LibsqlOptionsExtension(this);

    /// <summary>Registers the provider's services.</summary>
    /// <param name="services">The service collection of EF Core's internal service provider.</param>
    public override void ApplyServices(IServiceCollection services) => services.AddEntityFrameworkLibsql();

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : RelationalExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => true;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) => debugInfo["Libsql"] = "1";
    }
}
