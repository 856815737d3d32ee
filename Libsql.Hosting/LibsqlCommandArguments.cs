#pragma warning disable ASPIREINTERACTION001 // Command arguments are experimental in Aspire 13.6.

using System.Collections;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A command's arguments, built each time Aspire reads them. A command is registered once, when its resource is added,
/// but its choices (the server's namespaces) grow with each later <c>AddDatabase</c>: read at run time, they come
/// from the finished model.
/// </summary>
internal sealed class LibsqlCommandArguments(Func<IEnumerable<InteractionInput>> build) : IReadOnlyList<InteractionInput>
{
    public int Count => build().Count();

    public InteractionInput this[int index] => build().ElementAt(index);

    public IEnumerator<InteractionInput> GetEnumerator() => build().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
