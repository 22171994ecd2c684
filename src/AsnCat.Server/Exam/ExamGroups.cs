using AsnCat.Server.Data;

namespace AsnCat.Server.Exam;

/// <summary>SignalR group names, built in one place.</summary>
public static class ExamGroups
{
    public static string Attempt(int attemptId) => $"attempt:{attemptId}";
}
