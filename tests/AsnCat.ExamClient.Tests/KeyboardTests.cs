using AsnCat.Contracts.Exam;
using Bunit;

namespace AsnCat.ExamClient.Tests;

public class KeyboardTests : TerminalTestContext
{
    [Theory]
    [InlineData("a", 0)]
    [InlineData("A", 0)]
    [InlineData("c", 2)]
    [InlineData("D", 3)]
    [InlineData("e", 4)]
    public void Letters_A_to_E_in_either_case_choose_the_option_in_that_slot(string key, int slot)
    {
        var page = OpenExam();

        page.Find(".exam").KeyDown(Key(key));

        Assert.Equal($"{(char)('A' + slot)}.", Checked(page));
        Assert.Equal(new SaveAnswerRequest(0, slot, 8), Assert.Single(Server.Calls));
    }

    [Fact]
    public void Keys_pressed_on_an_option_button_bubble_up_to_the_page()
    {
        var page = OpenExam();

        page.Find(".option[data-slot='0']").KeyDown(Key("b"));

        Assert.Equal("B.", Checked(page));
    }

    [Fact]
    public void Arrows_and_N_P_move_between_items_and_stop_at_the_ends()
    {
        var page = OpenExam();
        var exam = page.Find(".exam");

        exam.KeyDown(Key("ArrowRight"));
        Assert.Equal("Soal 2 dari 10", Heading(page));
        exam.KeyDown(Key("n"));
        Assert.Equal("Soal 3 dari 10", Heading(page));
        exam.KeyDown(Key("N"));
        Assert.Equal("Soal 4 dari 10", Heading(page));
        exam.KeyDown(Key("P"));
        Assert.Equal("Soal 3 dari 10", Heading(page));
        exam.KeyDown(Key("p"));
        exam.KeyDown(Key("ArrowLeft"));
        Assert.Equal("Soal 1 dari 10", Heading(page));
        exam.KeyDown(Key("ArrowLeft"));
        Assert.Equal("Soal 1 dari 10", Heading(page));
        Assert.Empty(Server.Calls);
    }

    [Fact]
    public void R_toggles_doubtful_while_D_chooses_option_D()
    {
        var page = OpenExam();
        var exam = page.Find(".exam");

        exam.KeyDown(Key("r"));
        Assert.Contains("strip-doubtful", page.Find(".strip-item[data-position='0']").ClassList);
        exam.KeyDown(Key("R"));
        Assert.DoesNotContain("strip-doubtful", page.Find(".strip-item[data-position='0']").ClassList);
        exam.KeyDown(Key("d"));

        Assert.Equal("D.", Checked(page));
        Assert.Equal([new MarkDoubtfulRequest(0, true, 8), new MarkDoubtfulRequest(0, false, 9), new SaveAnswerRequest(0, 3, 10)], Server.Calls);
    }

    [Fact]
    public void Keys_with_ctrl_and_keys_while_the_finish_dialog_is_open_do_nothing()
    {
        var page = OpenExam();
        var exam = page.Find(".exam");

        exam.KeyDown(Key("a", ctrl: true));
        page.Find("button.finish").Click();
        page.Find(".exam").KeyDown(Key("b"));
        page.Find(".exam").KeyDown(Key("ArrowRight"));

        Assert.Empty(Server.Calls);
        Assert.Equal("Soal 1 dari 10", Heading(page));
        Assert.Single(page.FindAll("[role=dialog]"));
    }

    [Fact]
    public void The_page_container_is_focusable_and_focused_when_shown()
    {
        var page = OpenExam();

        Assert.Equal("0", page.Find(".exam").GetAttribute("tabindex"));
        JSInterop.VerifyFocusAsyncInvoke();
    }
}
