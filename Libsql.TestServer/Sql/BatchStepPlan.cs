using Libsql.Client.Hrana;

namespace Libsql.TestServer.Sql;

/// <summary>A checked batch step: its single statement's SQL, arguments and condition.</summary>
internal sealed record BatchStepPlan(byte[] Sql, HranaStatement Stmt, BatchCondition? Condition);
