namespace Libsql.Bench;

/// <summary>Something the harness measures: a client, or one way of reading through the ADO.NET provider.</summary>
internal interface IBenchSubject
{
    string Name { get; }
}
