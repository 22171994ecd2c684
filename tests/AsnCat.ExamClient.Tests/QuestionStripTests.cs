using AsnCat.Contracts.Exam;
using Bunit;

namespace AsnCat.ExamClient.Tests;

public class QuestionStripTests : TerminalTestContext
{
    [Fact]
    public void Shows_answered_unanswered_doubtful_and_current_items_in_colour_and_in_words()
    {
        Server.Answers[0] = new AnswerView(0, 1, false);
        Server.Answers[1] = new AnswerView(1, null, true);
        Server.Answers[2] = new AnswerView(2, 0, true);
        var page = OpenExam(index: 3);

        var answered = page.Find(".strip-item[data-position='0']");
        Assert.Contains("strip-answered", answered.ClassList);
        Assert.Equal("B", answered.QuerySelector(".strip-mark")!.TextContent);
        Assert.Equal("Soal 1, dijawab B", answered.QuerySelector(".strip-label")!.TextContent);

        var doubtfulBlank = page.Find(".strip-item[data-position='1']");
        Assert.Contains("strip-doubtful", doubtfulBlank.ClassList);
        Assert.Equal("Soal 2, belum dijawab, ragu-ragu", doubtfulBlank.QuerySelector(".strip-label")!.TextContent);

        var doubtfulAnswered = page.Find(".strip-item[data-position='2']");
        Assert.Contains("strip-doubtful", doubtfulAnswered.ClassList);
        Assert.Equal("A?", doubtfulAnswered.QuerySelector(".strip-mark")!.TextContent);

        var current = page.Find(".strip-item[data-position='3']");
        Assert.Contains("strip-unanswered", current.ClassList);
        Assert.Contains("strip-current", current.ClassList);
        Assert.Equal("step", current.GetAttribute("aria-current"));
        Assert.Equal("Soal 4, belum dijawab, sedang ditampilkan", current.QuerySelector(".strip-label")!.TextContent);

        Assert.Single(page.FindAll(".strip-current"));
        Assert.Equal(7, page.FindAll(".strip-unanswered").Count);
    }

    [Fact]
    public void Groups_the_items_by_subtest()
    {
        var page = OpenExam();

        var groups = page.FindAll(".strip-group");
        Assert.Equal(["TWK", "TIU", "TKP"], groups.Select(g => g.QuerySelector(".strip-title")!.TextContent));
        Assert.Equal([3, 3, 4], groups.Select(g => g.QuerySelectorAll(".strip-item").Length));
        Assert.Equal("Tes Intelegensia Umum", groups[1].GetAttribute("aria-label"));
    }

    [Fact]
    public void Choosing_an_option_marks_the_item_answered_at_once_and_clicking_an_item_moves_there()
    {
        Server.HoldReplies = true;
        var page = OpenExam();

        page.Find(".option[data-slot='3']").Click();

        var item = page.Find(".strip-item[data-position='0']");
        Assert.Contains("strip-answered", item.ClassList);
        Assert.Equal("Soal 1, dijawab D, belum tersimpan, sedang ditampilkan", item.QuerySelector(".strip-label")!.TextContent);

        page.Find(".strip-item[data-position='7']").Click();

        Assert.Equal("Soal 8 dari 10", Heading(page));
        Assert.Contains("strip-current", page.Find(".strip-item[data-position='7']").ClassList);
        Assert.DoesNotContain("strip-current", page.Find(".strip-item[data-position='0']").ClassList);
    }
}
