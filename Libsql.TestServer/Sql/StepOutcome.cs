using Libsql.Client.Hrana;

namespace Libsql.TestServer.Sql;

/// <summary>What happened to one batch step: skipped (both null), succeeded or failed.</summary>
internal sealed record StepOutcome(HranaStatementResult? Result, HranaError? Error);
