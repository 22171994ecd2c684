using AsnCat.Contracts.Exam;
using AsnCat.ExamClient.Terminal;
using AsnCat.ExamClient.Tests.Fakes;
using Bunit;

namespace AsnCat.ExamClient.Tests;

public class DisplayTests : TerminalTestContext
{
    [Fact]
    public void The_large_font_accommodation_sets_the_starting_size()
    {
        Server.Candidate = Sample.Candidate(largeFont: true);

        var page = OpenExam();

        Assert.Contains($"font-{ExamTerminal.LargeFontStep}", page.Find(".terminal").ClassList);
    }

    [Fact]
    public void Font_size_steps_up_and_down_within_four_sizes_and_contrast_toggles()
    {
        var page = OpenExam();
        Assert.Contains("font-0", page.Find(".terminal").ClassList);
        Assert.True(page.Find(".font-smaller").HasAttribute("disabled"));

        for (var i = 0; i < 5; i++)
        {
            page.Find(".font-larger").Click();
        }
        Assert.Contains("font-3", page.Find(".terminal").ClassList);
        Assert.True(page.Find(".font-larger").HasAttribute("disabled"));
        page.Find(".font-smaller").Click();
        Assert.Contains("font-2", page.Find(".terminal").ClassList);

        page.Find(".contrast").Click();
        Assert.Contains("high-contrast", page.Find(".terminal").ClassList);
        Assert.Equal("true", page.Find(".contrast").GetAttribute("aria-pressed"));
        page.Find(".contrast").Click();
        Assert.DoesNotContain("high-contrast", page.Find(".terminal").ClassList);
    }

    [Fact]
    public void Display_choices_and_the_question_on_screen_are_kept_with_the_attempt_on_the_server()
    {
        var page = OpenExam();
        Assert.Empty(Server.DisplaySaves);   // nothing chosen yet: nothing written

        page.Find(".font-larger").Click();
        page.Find(".font-larger").Click();
        page.Find(".contrast").Click();
        page.Find(".strip-item[data-position='6']").Click();

        page.WaitForAssertion(() => Assert.Equal(new DisplayView(2, true, 6), Server.Display));
    }

    [Fact]
    public void Another_terminal_shows_the_kept_display_and_resumes_at_the_last_question()
    {
        Server.Display = new DisplayView(3, true, 6);
        var page = OpenTerminal();

        page.InvokeAsync(() => Terminal.LoginAsync(Server.Candidate.ParticipantNumber, "123456"));

        page.WaitForAssertion(() => Assert.Equal("Soal 7 dari 10", Heading(page)));
        Assert.Contains("font-3", page.Find(".terminal").ClassList);
        Assert.Contains("high-contrast", page.Find(".terminal").ClassList);
        Assert.Empty(Server.DisplaySaves);   // shown as kept: nothing to write back
    }

    [Fact]
    public void An_item_shows_number_subtest_stem_with_line_breaks_table_and_options_as_radios()
    {
        var page = OpenExam(index: 1);

        Assert.Equal("Soal 2 dari 10", Heading(page));
        Assert.Equal("Tes Wawasan Kebangsaan", page.Find(".question-header .subtest-name").TextContent);
        Assert.Equal("Pertanyaan nomor 2.\nBaris kedua pertanyaan.", page.Find(".stem").TextContent);
        Assert.Equal("Data penduduk", page.Find(".item-table caption").TextContent);
        Assert.Equal(["Tahun", "Jumlah"], page.FindAll(".item-table th[scope=col]").Select(th => th.TextContent));
        Assert.Equal(2, page.FindAll(".item-table tbody tr").Count);
        Assert.Equal("radiogroup", page.Find(".options").GetAttribute("role"));
        var options = page.FindAll(".option");
        Assert.Equal(5, options.Count);
        Assert.All(options, option => Assert.Equal("radio", option.GetAttribute("role")));
        Assert.All(options, option => Assert.Equal("false", option.GetAttribute("aria-checked")));
        Assert.Equal("Pilihan C soal 2", options[2].QuerySelector(".option-text")!.TextContent);
    }

    [Fact]
    public void Images_in_the_stem_and_the_options_carry_their_alt_text()
    {
        var page = OpenExam(index: 2);

        var stemImage = page.Find("img.stem-image");
        Assert.StartsWith("data:image/svg+xml", stemImage.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal("Pola gambar soal", stemImage.GetAttribute("alt"));
        Assert.Equal(["Gambar pilihan A", "Gambar pilihan B", "Gambar pilihan C", "Gambar pilihan D", "Gambar pilihan E"],
            page.FindAll("img.option-image").Select(img => img.GetAttribute("alt")));
    }

    [Fact]
    public void Previous_and_next_buttons_are_disabled_at_the_ends()
    {
        var page = OpenExam();
        Assert.True(page.Find(".question-nav .previous").HasAttribute("disabled"));

        page.Find(".strip-item[data-position='9']").Click();

        Assert.True(page.Find(".question-nav .next").HasAttribute("disabled"));
        page.Find(".question-nav .previous").Click();
        Assert.Equal("Soal 9 dari 10", Heading(page));
    }
}
