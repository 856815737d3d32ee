using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Libsql.EntityFrameworkCore.Infrastructure;

/// <summary>
/// libSQL-specific options, given to the optional action of <c>UseLibsql</c>: the relational options every
/// provider has (<c>CommandTimeout</c>, <c>MaxBatchSize</c>, <c>MigrationsAssembly</c>, <c>UseQuerySplittingBehavior</c>, ...).
/// </summary>
public class LibsqlDbContextOptionsBuilder : RelationalDbContextOptionsBuilder<LibsqlDbContextOptionsBuilder, LibsqlOptionsExtension>
{
    /// <summary>A builder over <paramref name="optionsBuilder"/>.</summary>
    /// <param name="optionsBuilder">The options builder of the context.</param>
    public LibsqlDbContextOptionsBuilder(DbContextOptionsBuilder optionsBuilder)
        : base(optionsBuilder)
    {
    }
}
