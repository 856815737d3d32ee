namespace Libsql.Client;

/// <summary>How a batch or transaction begins (the official client's modes).</summary>
public enum LibsqlTransactionMode
{
    /// <summary><c>BEGIN IMMEDIATE</c>: takes the write lock at once.</summary>
    Write,

    /// <summary><c>BEGIN TRANSACTION READONLY</c>: any write fails.</summary>
    Read,

    /// <summary><c>BEGIN DEFERRED</c>: locks are taken when first needed.</summary>
    Deferred,
}
