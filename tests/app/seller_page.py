#!/usr/bin/python3
"""Drives photocat serve's seller page (GET /) in headless Chromium (Debian's chromium and
chromium-driver, through python3-selenium): uploads PHOTO, waits for the answer and prints, as
one JSON line, what the seller sees. Saves a screenshot to SCREENSHOT.
Usage: seller_page.py URL PHOTO SCREENSHOT"""
import json
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait


def main():
    url, photo, screenshot = sys.argv[1:4]
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=640,760", "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.set_page_load_timeout(20)
        driver.get(url)
        wait = WebDriverWait(driver, 20)
        # The page fetches the model's classes first; then the seller picks the photo.
        wait.until(lambda d: d.execute_script("return classes.length > 0"))
        driver.find_element(By.ID, "photo").send_keys(photo)
        result = driver.find_element(By.ID, "result")
        status = driver.find_element(By.ID, "status")
        wait.until(lambda d: result.is_displayed() or status.get_attribute("class") == "error")
        if not result.is_displayed():
            driver.save_screenshot(screenshot)
            print(json.dumps({"decision": "", "status": status.text}))
            return
        select = Select(driver.find_element(By.ID, "category"))
        shortlist_box = driver.find_element(By.ID, "shortlistBox")
        seen = {
            "decision": result.get_attribute("data-decision"),
            "selected": select.first_selected_option.get_attribute("value"),
            "options": [o.get_attribute("value") for o in select.options],
            "shortlist": [e.get_attribute("value")
                          for e in driver.find_elements(By.CSS_SELECTOR, "#shortlist input")]
            if shortlist_box.is_displayed() else [],
            "status": driver.find_element(By.ID, "status").text,
            "continue_enabled": driver.find_element(By.ID, "next").is_enabled(),
        }
        # Choosing a shortlisted category selects it and lets the seller continue.
        if seen["shortlist"]:
            driver.find_elements(By.CSS_SELECTOR, "#shortlist input")[0].click()
            seen["after_choice"] = select.first_selected_option.get_attribute("value")
            seen["after_choice_enabled"] = driver.find_element(By.ID, "next").is_enabled()
        driver.save_screenshot(screenshot)
        print(json.dumps(seen))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
