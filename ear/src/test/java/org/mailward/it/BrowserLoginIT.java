package org.mailward.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A person signs in through Keycloak in Chromium, sees who they are and their roles, and signs out. */
class BrowserLoginIT {

    private WebDriver browser;
    private WebDriverWait wait;
    private Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        profile = Files.createTempDirectory("mailward-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("mailward.it.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("mailward.it.chromedriver", "/usr/bin/chromedriver")))
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void signInShowsTheUserAndRolesThenSignOutEndsTheSession() throws IOException {
        browser.get(ItEnvironment.WEB + "/");
        signInAtKeycloak(ItEnvironment.adminUser(), ItEnvironment.adminPassword());

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-name")));
        assertTrue(browser.getCurrentUrl().startsWith(ItEnvironment.WEB + "/"), browser.getCurrentUrl());
        assertEquals(ItEnvironment.adminUser(), browser.findElement(By.id("user-name")).getText());
        List<String> roles = browser.findElements(By.cssSelector(".role")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("system-admin"), roles);
        screenshot("roles-page");

        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));
        assertTrue(browser.getCurrentUrl().startsWith(ItEnvironment.WEB + "/signed-out.xhtml"), browser.getCurrentUrl());

        // The Keycloak session is gone too: the application asks for a password again.
        browser.get(ItEnvironment.WEB + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertTrue(browser.getCurrentUrl().startsWith(ItEnvironment.KEYCLOAK + "/realms/mailward/"), browser.getCurrentUrl());
    }

    @Test
    void aWrongPasswordIsRefusedAtKeycloak() {
        browser.get(ItEnvironment.WEB + "/");
        signInAtKeycloak(ItEnvironment.adminUser(), "not-the-password");

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[id^=input-error-]")));
        assertTrue(error.getText().contains("Invalid username or password"), error.getText());
        assertTrue(browser.getCurrentUrl().startsWith(ItEnvironment.KEYCLOAK + "/"), browser.getCurrentUrl());
    }

    private void signInAtKeycloak(String user, String password) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertTrue(browser.getCurrentUrl().startsWith(ItEnvironment.KEYCLOAK + "/realms/mailward/protocol/openid-connect/auth"),
                browser.getCurrentUrl());
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
    }

    private void screenshot(String name) throws IOException {
        Path target = Path.of(System.getProperty("mailward.it.screenshots", "target/screenshots"));
        Files.createDirectories(target);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), target.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
