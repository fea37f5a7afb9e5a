/* Runs before the page is drawn: with JavaScript, the menu collapses on small screens
   (Bootstrap's collapse); without it, the menu stays open and the page still works. */
document.documentElement.classList.remove("no-js");
