using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Sqlite.Design.Internal;
using Microsoft.Extensions.DependencyInjection;

[assembly: DesignTimeProviderServices("Libsql.EntityFrameworkCore.Design.LibsqlDesignTimeServices")]

namespace Libsql.EntityFrameworkCore.Design;

/// <summary>
/// The provider's design-time services, found by <c>dotnet ef</c> through the assembly's
/// <see cref="DesignTimeProviderServicesAttribute"/>: the SQLite provider's migration code generators over the libSQL
/// runtime services. Reverse engineering (<c>dotnet ef dbcontext scaffold</c>) is not offered: the SQLite model
/// reader opens a local file.
/// </summary>
public class LibsqlDesignTimeServices : IDesignTimeServices
{
    /// <summary>Adds the design-time services.</summary>
    /// <param name="serviceCollection">The design-time service collection.</param>
    public virtual void ConfigureDesignTimeServices(IServiceCollection serviceCollection)
    {
        ArgumentNullException.ThrowIfNull(serviceCollection);
        serviceCollection.AddEntityFrameworkLibsql();
        new EntityFrameworkRelationalDesignServicesBuilder(serviceCollection)
            .TryAdd<IAnnotationCodeGenerator, SqliteAnnotationCodeGenerator>()
            .TryAdd<ICSharpRuntimeAnnotationCodeGenerator, SqliteCSharpRuntimeAnnotationCodeGenerator>()
            .TryAddCoreServices();
    }
}
